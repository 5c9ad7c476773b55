from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("self-evaluation/", views.index, name="index"),
    path("self-evaluation/start/", views.start, name="start"),
    path("self-evaluation/compare/", views.compare, name="compare"),
    path("self-evaluation/<int:pk>/", views.summary, name="summary"),
    path("self-evaluation/<int:pk>/complete/", views.complete, name="complete"),
    path("self-evaluation/<int:pk>/step/<slug:key>/", views.step, name="step"),
    path("self-evaluation/<int:pk>/step/<slug:key>/autosave/", views.autosave, name="autosave"),
    path("self-evaluation/<int:pk>/goals/<slug:key>/", views.goal_add, name="goal_add"),
    path("self-evaluation/<int:pk>/goals/<slug:key>/<int:goal_pk>/", views.goal_update, name="goal_update"),
    path("self-evaluation/<int:pk>/needs/", views.needs, name="needs"),
    path("self-evaluation/<int:pk>/needs/<int:need_pk>/", views.need_update, name="need_update"),
    path("self-evaluation/<int:pk>/suggestions/", views.suggestion, name="suggestion"),
    path("self-evaluation/<int:pk>/share/", views.share, name="share"),
    path("self-evaluation/<int:pk>/share/<int:share_pk>/revoke/", views.share_revoke, name="share_revoke"),
]
