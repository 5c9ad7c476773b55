"""The agreements' demo step: agreements in force match the terms kept, stage histories match stages, the
demo protégé has an agreed agreement and a review prompt due, the same for the same seed."""
import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.removal import remove_network
from directory import demo as directory_demo
from mentoring import agreement_selectors, demo
from mentoring.models import AgreementVersion, Relationship, StageMove, StageReview
from mentoring.tasks import sweep_all

PROTEGE = directory_demo.SIGN_IN_EMAILS["protege"]
TODAY = dt.datetime(timezone.now().year, 3, 2, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(demo, "today", lambda: TODAY)


def generate(**options):
    options = {"seed": 7, "faculty": 300, "institutions": 12, "quiet": True, **options}
    call_command("generate_demo", stdout=StringIO(), **options)


def digest() -> str:
    rows = [
        sorted(AgreementVersion.objects.values_list(
            "relationship__mentor__email", "relationship__protege__email", "number", "frequency", "meeting_minutes",
            "progress", "created_at", "mentor_accepted_at", "protege_accepted_at", "review_on")),
        sorted(StageMove.objects.values_list("relationship__protege__email", "from_stage", "to_stage", "status",
                                             "proposed_at", "answered_at")),
        sorted(StageReview.objects.values_list("relationship__protege__email", "stage", "prompted_at", "closed_at")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_agreements_and_stage_histories_match_the_relationships():
    generate()
    active = list(Relationship.objects.filter(status="active").select_related("mentor", "protege"))
    with_agreement = 0
    for rel in active:
        state = agreement_selectors.agreement_for(user=rel.protege, relationship=rel)
        if state.versions:
            with_agreement += 1
        if state.current:
            assert (state.current.frequency, state.current.meeting_minutes) == (rel.frequency, rel.meeting_minutes)
            assert set(state.current.needs.all()) == set(rel.needs.all())
            assert state.current.created_at >= rel.started_at
        stages = agreement_selectors.stage_for(user=rel.protege, relationship=rel)
        assert stages.timeline[-1].stage == rel.stage, rel  # its last confirmed move brought it here
        assert [e.at for e in stages.timeline] == sorted(e.at for e in stages.timeline)
    assert with_agreement >= 0.7 * len(active)
    assert AgreementVersion.objects.filter(number__gte=2).exists()
    assert AgreementVersion.objects.filter(mentor_accepted_at=None).exists()  # some wait for acceptance
    assert StageMove.objects.filter(status="pending").exists()
    assert StageMove.objects.filter(status="confirmed", to_stage="lasting_friendship").exists()


def test_the_demo_protege_has_an_agreed_agreement_and_a_review_prompt_due(client):
    generate()
    maya = User.objects.get(email=PROTEGE)
    rel = Relationship.objects.get(protege=maya, status="active")
    assert agreement_selectors.agreement_for(user=maya, relationship=rel).current is not None
    assert rel.stage == "initiation" and rel.started_at < TODAY - dt.timedelta(days=365)
    client.force_login(maya)
    page = client.get(reverse("mentoring:relationship", args=[rel.pk])).content.decode()
    assert "Time to review your relationship" in page and "Agreed on" in page
    # The prompts were written as the sweep would: it finds nothing more to prompt today.
    assert sweep_all(TODAY)["stage_reviews"] == 0


def test_same_seed_same_rows_and_a_reset_removes_them():
    generate()
    first = digest()
    generate(reset=True)
    assert digest() == first
    remove_network()
    for model in (AgreementVersion, StageMove, StageReview):
        assert not model.objects.exists(), model


def test_the_demo_shows_a_review_due_and_others_still_ahead(client):
    generate()
    maya = User.objects.get(email=PROTEGE)
    rel = Relationship.objects.get(protege=maya, status="active")
    agreed = agreement_selectors.agreement_for(user=maya, relationship=rel).current
    assert agreed.review_on < TODAY.date()
    client.force_login(maya)
    page = client.get(reverse("mentoring:relationship", args=[rel.pk])).content.decode()
    day = agreed.review_on
    assert f"The review you agreed for {day.day} {day:%b %Y} is due." in page
    # Across the other active agreements in force, some reviews have come and some are still ahead.
    reviews = set()
    for other in Relationship.objects.filter(status="active").exclude(pk=rel.pk).select_related("mentor", "protege"):
        current = agreement_selectors.agreement_for(user=other.protege, relationship=other).current
        if current is not None:
            reviews.add(current.review_on > TODAY.date())
    assert reviews == {True, False}
