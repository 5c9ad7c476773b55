// Autosave's last resort: if the tab is hidden or closed before htmx's delayed save fires,
// send the answer with a beacon so nothing typed is lost. htmx does the saving otherwise.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var area = form.querySelector("textarea[hx-post]");
  if (!area || !navigator.sendBeacon) return;
  var saved = area.value;
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === area && event.detail.successful) saved = event.detail.requestConfig.parameters.text;
  });
  function flush() {
    if (area.value === saved) return;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    data.append("text", area.value);
    if (navigator.sendBeacon(area.getAttribute("hx-post"), data)) saved = area.value;
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  window.addEventListener("pagehide", flush);
  // A normal submit saves through the form itself.
  form.addEventListener("submit", function () { saved = area.value; });
})();
