"""Readiness to mentor ("giving forward") on the same questionnaire machinery, and its result."""
import pytest
from django.urls import reverse

from assessments import selectors, services
from assessments.models import READINESS
from assessments.tests.helpers import domain, user_of
from directory.models import Profile
from mosaic.errors import InvalidInput

pytestmark = pytest.mark.django_db


def readiness_draft(owner):
    version = services.version_start(owner=owner, slug=READINESS)
    services.answer_save(version=version, by=owner, section_key="offer", text="How I got my first grant.")
    services.answer_save(version=version, by=owner, section_key="time", choices=["monthly"])
    services.answer_save(version=version, by=owner, section_key="roles_ready", choices=["sponsor", "teacher"])
    services.answer_save(version=version, by=owner, section_key="domains_offer", choices=["research", "education"])
    services.answer_save(version=version, by=owner, section_key="skills_communication", choices=["feedback"])
    services.answer_save(version=version, by=owner, section_key="skills_plan", text="Join the mentor workshop.")
    return version


def test_the_readiness_check_covers_the_competency_areas():
    questionnaire = selectors.current_questionnaire(READINESS)
    labels = [s.label for s in questionnaire.sections.all() if s.key.startswith("skills_") and s.is_choice]
    assert labels == ["Communication", "Aligning expectations", "Assessing understanding", "Fostering independence",
                      "Addressing equity and inclusion", "Promoting professional development"]


def test_choices_outside_the_options_are_refused(people):
    owner = user_of(people, "protege")
    version = services.version_start(owner=owner, slug=READINESS)
    with pytest.raises(InvalidInput) as exc:
        services.answer_save(version=version, by=owner, section_key="roles_ready", choices=["wizard"])
    assert "choices" in exc.value.fields and not version.answers.exists()


def test_completing_needs_the_required_choices(people):
    owner = user_of(people, "protege")
    version = services.version_start(owner=owner, slug=READINESS)
    with pytest.raises(InvalidInput) as exc:
        services.version_complete(version=version, by=owner)
    assert set(exc.value.fields) == {"offer", "time", "roles_ready", "domains_offer"}
    assert exc.value.fields["time"] == ["Choose at least one before completing."]


def test_the_result_proposes_roles_and_domains_and_confirming_adds_them_to_the_profile(people):
    owner = user_of(people, "protege")
    version = services.version_complete(version=readiness_draft(owner), by=owner)
    profile = Profile.objects.get(user=owner)
    proposal = selectors.readiness_proposal(version=selectors.version_queryset().get(pk=version.pk), profile=profile)
    assert [r for r, _, _ in proposal.roles] == ["teacher", "sponsor"]  # in the article's order
    assert proposal.skills == [("Communication", ["Giving feedback that is specific, timely and kind"])]
    added = services.readiness_confirm(version=version, by=owner, profile=profile, roles=["teacher"],
                                       domains=[str(domain("research").pk)])
    assert added == "teacher, Research"
    assert profile.offered_roles == ["teacher"]
    assert list(profile.domains.values_list("slug", flat=True)) == ["research"]
    with pytest.raises(InvalidInput) as exc:
        services.readiness_confirm(version=version, by=owner, profile=profile, roles=["agent"], domains=[])
    assert "roles" in exc.value.fields and profile.offered_roles == ["teacher"]


def test_readiness_pages_for_the_owner_and_nobody_else(client, people):
    owner = user_of(people, "protege")
    version = readiness_draft(owner)
    client.force_login(owner)
    step = reverse("assessments:step", args=[READINESS, version.pk, "roles_ready"])
    html = client.get(step).content.decode()
    assert 'type="checkbox" name="choices" value="sponsor" checked' in html
    response = client.post(reverse("assessments:autosave", args=[READINESS, version.pk, "roles_ready"]),
                           {"choices": ["advisor"]}, headers={"HX-Request": "true"})
    assert response.content.decode().strip().startswith("Saved")
    assert version.answers.get(section__key="roles_ready").choices == ["advisor"]
    offer = reverse("assessments:readiness_offer", args=[version.pk])
    assert client.get(offer).status_code == 200
    response = client.post(offer, {"roles": ["advisor"], "domains": [str(domain("education").pk)]})
    assert response.status_code == 302 and Profile.objects.get(user=owner).offered_roles == ["advisor"]
    # A readiness version is not a self-evaluation: its pages live under their own address.
    assert client.get(reverse("assessments:step", args=["self-evaluation", version.pk, "offer"])).status_code == 404
    for name in ("mentor", "director", "admin"):
        client.force_login(user_of(people, name))
        assert client.get(step).status_code == 404 and client.get(offer).status_code == 404


def test_readiness_pages_do_a_bounded_number_of_queries(client, people, django_assert_max_num_queries):
    owner = user_of(people, "protege")
    version = readiness_draft(owner)
    client.force_login(owner)
    for url in (reverse("assessments:readiness_offer", args=[version.pk]),
                reverse("assessments:step", args=[READINESS, version.pk, "domains_offer"]),
                reverse("assessments:summary", args=[READINESS, version.pk]),
                reverse("assessments:index", args=[READINESS])):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url
