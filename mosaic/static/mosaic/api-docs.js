// Starts Swagger UI for the API docs page; settings come from data attributes so no script is inline.
(function () {
  "use strict";
  var data = document.body.dataset;
  var config = JSON.parse(data.swaggerSettings);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  // "Try it out" from a signed-in browser uses the session, whose unsafe requests need the CSRF token.
  config.requestInterceptor = function (request) {
    if (data.csrfToken) { request.headers["X-CSRFToken"] = data.csrfToken; }
    return request;
  };
  SwaggerUIBundle(config);
})();
