from django.contrib import admin
from django.urls import include, path

from mosaic import views

admin.site.site_header = "Mosaic administration"
admin.site.site_title = "Mosaic admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("directory.urls")),
    path("", include("assessments.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
