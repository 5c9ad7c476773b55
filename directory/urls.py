from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
]
