from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("affiliations/<int:pk>/confirm/", views.affiliation_decide, {"decision": "confirm"},
         name="affiliation_confirm"),
    path("affiliations/<int:pk>/decline/", views.affiliation_decide, {"decision": "decline"},
         name="affiliation_decline"),
]
