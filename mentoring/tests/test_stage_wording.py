"""Each stage reads naturally on the relationship's page, in its messages and its e-mails, from one set of words."""
import datetime as dt

import pytest
from django.urls import reverse

from mentoring import agreement_services as agreements
from mentoring.content import stage_since, stage_within
from mentoring.models import Relationship, StageMove, StageReview
from mentoring.tests.agreement_helpers import start

pytestmark = pytest.mark.django_db

STARTED = dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC)
BANNERS = [
    ("initiation", "<strong>In the initiation stage</strong> since 3 Mar 2026",
     "You have been in the initiation stage since 3 Mar 2026"),
    ("protege", "<strong>Protégé stage</strong> since 3 Mar 2026",
     "You have been in the protégé stage since 3 Mar 2026"),
    ("redefinition", "<strong>Redefinition</strong> since 3 Mar 2026",
     "You have been in the redefinition stage since 3 Mar 2026"),
    ("lasting_friendship", "<strong>Lasting friendship</strong> since 3 Mar 2026", None),
]


@pytest.fixture
def rel(people, needs_of):
    rel = start(people, needs_of)
    Relationship.objects.filter(pk=rel.pk).update(started_at=STARTED)
    rel.refresh_from_db()
    return rel


def _page(client, user, rel) -> str:
    client.force_login(user)
    return client.get(reverse("mentoring:relationship", args=[rel.pk])).content.decode()


@pytest.mark.parametrize(("stage", "banner", "review"), BANNERS, ids=[b[0] for b in BANNERS])
def test_the_banner_and_the_review_prompt_read_naturally(client, people, rel, stage, banner, review):
    Relationship.objects.filter(pk=rel.pk).update(stage=stage)
    if review:
        StageReview.objects.create(relationship=rel, stage=stage)
    html = _page(client, people.user("protege"), rel)
    assert banner in html
    if review:
        assert review in html
    for clumsy in ("in the initiation since", "in the redefinition since", "in the lasting friendship since",
                   "<strong>Initiation</strong> since"):
        assert clumsy not in html


def test_a_waiting_move_and_its_email_name_the_stage_as_a_sentence_does(client, people, rel, mailoutbox,
                                                                        run_tasks):
    agreements.stage_propose(relationship=rel, by=people.user("mentor"), to_stage="redefinition")
    html = _page(client, people.user("protege"), rel)
    assert "Marcus Bell proposes moving to the redefinition stage" in html
    run_tasks()
    told = [m for m in mailoutbox if m.to == ["priya@example.org"] and "stage" in m.subject]
    assert [m.subject for m in told] == ["Marcus Bell proposes your relationship move to the redefinition stage"]
    assert "moves to the redefinition stage." in told[0].body
    move = StageMove.objects.get()
    client.force_login(people.user("protege"))
    answered = client.post(reverse("mentoring:stage_answer", args=[rel.pk, move.pk]), {"answer": "confirm"},
                           follow=True)
    assert "Your relationship is now in the redefinition stage." in answered.content.decode()


def test_one_place_holds_the_words():
    assert [stage_since(s) for s in ("initiation", "protege", "redefinition", "lasting_friendship")] == [
        "In the initiation stage", "Protégé stage", "Redefinition", "Lasting friendship"]
    assert stage_within("lasting_friendship") == "lasting friendship"
    assert stage_within("protege") == "the protégé stage"
