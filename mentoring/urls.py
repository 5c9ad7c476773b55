from django.urls import path

from mentoring import agreement_views, meetings_views, views

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
    # Meetings of a relationship, their notes and action items; the personal calendar feed.
    path("mentoring/relationships/<int:pk>/meetings/", meetings_views.meetings, name="meetings"),
    path("mentoring/relationships/<int:pk>/meetings/new/", meetings_views.meetings_new, name="meetings_new"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/", meetings_views.meetings_detail,
         name="meetings_detail"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/edit/", meetings_views.meetings_edit,
         name="meetings_edit"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/cancel/", meetings_views.meetings_cancel,
         name="meetings_cancel"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/agenda/", meetings_views.meetings_agenda,
         name="meetings_agenda"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/notes/", meetings_views.meetings_shared_note,
         name="meetings_shared_note"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/private-note/",
         meetings_views.meetings_private_note, name="meetings_private_note"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/action-items/",
         meetings_views.meetings_action_item, name="meetings_action_item"),
    path("mentoring/relationships/<int:pk>/meetings/<int:meeting_pk>/meeting.ics", meetings_views.meetings_ics,
         name="meetings_ics"),
    path("mentoring/relationships/<int:pk>/meetings/action-items/<int:item_pk>/",
         meetings_views.meetings_action_item_mark, name="meetings_action_item_mark"),
    path("mentoring/calendar/", meetings_views.calendar_page, name="calendar"),
    path("mentoring/calendar/<str:token>.ics", meetings_views.calendar_feed, name="calendar_feed"),
]
