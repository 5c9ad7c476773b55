from django.urls import path

from mentoring import agreement_views, views

app_name = "mentoring"
urlpatterns = [
    path("people/<int:pk>/ask/", views.ask, name="ask"),
    path("people/<int:pk>/suggest/", views.suggest, name="suggest"),
    path("mentoring/", views.relationships, name="relationships"),
    path("mentoring/requests/", views.sent, name="sent"),
    path("mentoring/relationships/<int:pk>/", views.relationship, name="relationship"),
    path("mentoring/relationships/<int:pk>/complete/", views.complete, name="complete"),
    path("mentoring/recommendations/", views.recommendations, name="recommendations"),
    path("mentoring/inbox/", views.inbox, name="inbox"),
    path("mentoring/requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("mentoring/requests/<int:pk>/messages/", views.message, name="message"),
    path("mentoring/requests/<int:pk>/accept/", views.accept, name="accept"),
    path("mentoring/requests/<int:pk>/decline/", views.decline, name="decline"),
    path("mentoring/colleagues/", views.colleague_options, name="colleague_options"),
    *agreement_views.urlpatterns,
]
