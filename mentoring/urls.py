from django.urls import path

from mentoring import checkin_views, views

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
    path("mentoring/relationships/<int:pk>/check-ins/", checkin_views.checkins, name="checkins"),
    path("mentoring/relationships/<int:pk>/check-ins/<int:checkin_pk>/", checkin_views.checkins_answer,
         name="checkins_answer"),
    path("mentoring/relationships/<int:pk>/check-ins/<int:checkin_pk>/share/", checkin_views.checkins_share,
         name="checkins_share"),
    path("people/<int:pk>/block/", checkin_views.block, name="block"),
    path("mentoring/blocked/", checkin_views.blocks, name="blocks"),
    path("mentoring/blocked/<int:pk>/remove/", checkin_views.unblock, name="unblock"),
]
