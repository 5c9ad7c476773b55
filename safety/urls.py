from django.urls import path

from safety import views

app_name = "safety"
urlpatterns = [
    path("safety/relationships/<int:pk>/report/", views.file, name="file"),
    path("safety/reports/", views.mine, name="mine"),
    path("safety/reports/<int:pk>/", views.report, name="report"),
    path("safety/reports/<int:pk>/add/", views.add, name="add"),
    path("safety/reports/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("safety/queue/", views.queue, name="queue"),
    path("safety/queue/<int:pk>/", views.handle, name="handle"),
    path("safety/queue/<int:pk>/status/", views.handle_status, name="status"),
    path("safety/queue/<int:pk>/reply/", views.handle_reply, name="reply"),
    path("safety/queue/<int:pk>/help-end/", views.help_end, name="help_end"),
    path("safety/audit/", views.audit, name="audit"),
    path("safety/counts/", views.counts, name="counts"),
]
