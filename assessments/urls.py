from django.urls import path, register_converter

from assessments import views
from assessments.models import READINESS, SELF_EVALUATION


class QuestionnaireConverter:
    """The questionnaires with pages of their own: /self-evaluation/… and /readiness/…"""

    regex = f"{SELF_EVALUATION}|{READINESS}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(QuestionnaireConverter, "questionnaire")

app_name = "assessments"
urlpatterns = [
    path("<questionnaire:slug>/", views.index, name="index"),
    path("<questionnaire:slug>/start/", views.start, name="start"),
    path("<questionnaire:slug>/compare/", views.compare, name="compare"),
    path("<questionnaire:slug>/<int:pk>/", views.summary, name="summary"),
    path("<questionnaire:slug>/<int:pk>/complete/", views.complete, name="complete"),
    path("<questionnaire:slug>/<int:pk>/step/<slug:key>/", views.step, name="step"),
    path("<questionnaire:slug>/<int:pk>/step/<slug:key>/autosave/", views.autosave, name="autosave"),
    path("<questionnaire:slug>/<int:pk>/goals/<slug:key>/", views.goal_add, name="goal_add"),
    path("<questionnaire:slug>/<int:pk>/goals/<slug:key>/<int:goal_pk>/", views.goal_update, name="goal_update"),
    path("<questionnaire:slug>/<int:pk>/share/", views.share, name="share"),
    path("<questionnaire:slug>/<int:pk>/share/<int:share_pk>/revoke/", views.share_revoke, name="share_revoke"),
    # Structured needs belong to the self-evaluation; readiness proposes what to offer instead.
    path("self-evaluation/<int:pk>/needs/", views.needs, name="needs"),
    path("self-evaluation/<int:pk>/needs/<int:need_pk>/", views.need_update, name="need_update"),
    path("self-evaluation/<int:pk>/suggestions/", views.suggestion, name="suggestion"),
    path("readiness/<int:pk>/offer/", views.readiness_offer, name="readiness_offer"),
    path("self-evaluation/<int:pk>/plan/", views.plan, name="plan"),
    path("self-evaluation/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("mosaic/", views.mosaic, name="mosaic"),
    path("mosaic/<int:profile_pk>/", views.mosaic, name="mosaic_of"),
]
