"""The admin: site admins edit wording until it is frozen; assessments appear as metadata only."""
import pytest
from django.urls import reverse

from assessments.models import Questionnaire
from assessments.tests.helpers import completed_version, filled_draft, user_of

pytestmark = pytest.mark.django_db


def test_a_site_admin_edits_wording_until_a_completed_assessment_uses_it(client, people):
    client.force_login(user_of(people, "admin"))
    questionnaire = Questionnaire.objects.get(slug="self-evaluation")
    url = reverse("admin:assessments_questionnaire_change", args=[questionnaire.pk])
    assert 'name="title"' in client.get(url).content.decode()
    completed_version(user_of(people, "protege"))
    html = client.get(url).content.decode()
    assert 'name="title"' not in html and "What is my mission?" in html  # read-only now
    client.post(reverse("admin:assessments_questionnaire_changelist"),
                {"action": "new_version", "_selected_action": [questionnaire.pk]})
    copy = Questionnaire.objects.get(slug="self-evaluation", version=2)
    html = client.get(reverse("admin:assessments_questionnaire_change", args=[copy.pk])).content.decode()
    assert 'name="title"' in html


def test_the_admin_shows_assessment_metadata_never_answers(client, people):
    completed_version(user_of(people, "protege"))
    client.force_login(user_of(people, "admin"))
    listing = client.get(reverse("admin:assessments_assessment_changelist"))
    assert listing.status_code == 200
    assessment = listing.context["cl"].result_list[0]
    html = client.get(reverse("admin:assessments_assessment_change", args=[assessment.pk])).content.decode()
    assert "Completed" in html
    assert "Clinician leader" not in html and "Build leadership skills" not in html


@pytest.mark.parametrize("name", ["director", "chief"])
def test_directors_reach_neither_wording_nor_assessments_in_the_admin(client, people, name):
    filled_draft(user_of(people, "protege"))
    client.force_login(user_of(people, name))
    for url_name in ("admin:assessments_assessment_changelist", "admin:assessments_questionnaire_changelist"):
        assert client.get(reverse(url_name)).status_code == 403
