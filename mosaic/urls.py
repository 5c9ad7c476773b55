from django.contrib import admin
from django.urls import include, path, re_path

from mosaic import views
from mosaic.api import api, unknown_path

admin.site.site_header = "Mosaic administration"
admin.site.site_title = "Mosaic admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("directory.urls")),
    path("", include("assessments.urls")),
    path("", include("mentoring.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("safety.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_path),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
