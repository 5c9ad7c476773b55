"""The stage review prompt: once per relationship and stage when a stage outlasts the article's expectation."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from mentoring import agreement_selectors
from mentoring import agreement_services as agreements
from mentoring.models import StageReview
from mentoring.tasks import sweep_all
from mentoring.tests.agreement_helpers import start

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def rel(people, needs_of, run_tasks):
    with time_machine.travel(START, tick=False):
        relationship = start(people, needs_of)
    run_tasks()
    mail.outbox.clear()
    return relationship


def prompted(run_tasks):
    run_tasks()
    found = sorted((m.to[0], m.subject) for m in mail.outbox if "review" in m.subject)
    mail.outbox.clear()
    return found


def test_initiation_past_twelve_months_prompts_both_once(rel, run_tasks):
    with time_machine.travel(START + dt.timedelta(days=364), tick=False):
        assert sweep_all()["stage_reviews"] == 0
    with time_machine.travel(START + dt.timedelta(days=366), tick=False):
        assert sweep_all()["stage_reviews"] == 1
        assert sweep_all()["stage_reviews"] == 0  # run twice: nothing more
    assert prompted(run_tasks) == [
        ("marcus@example.org", "Time to review your mentoring relationship with Priya Raman"),
        ("priya@example.org", "Time to review your mentoring relationship with Marcus Bell"),
    ]
    with time_machine.travel(START + dt.timedelta(days=500), tick=False):
        assert sweep_all()["stage_reviews"] == 0
    assert prompted(run_tasks) == []
    review = StageReview.objects.get()
    assert (review.relationship_id, review.stage) == (rel.pk, "initiation")


def test_the_prompt_carries_the_articles_questions_and_shows_while_due(rel, people, run_tasks):
    # Missed runs catch up: the first sweep in two years still prompts, once.
    with time_machine.travel(START + dt.timedelta(days=730), tick=False):
        sweep_all()
        run_tasks()
        body = next(m.body for m in mail.outbox if m.to == ["priya@example.org"])
        assert "How will progress be defined" in body
        state = agreement_selectors.stage_for(user=people.user("protege"), relationship=rel)
        assert state.review is not None and state.questions and "How frequently" in state.questions[0]
        agreements.stage_review_close(relationship=rel, by=people.user("mentor"))
        state = agreement_selectors.stage_for(user=people.user("protege"), relationship=rel)
        assert state.review is None


def test_a_new_stage_counts_from_its_confirmation(rel, people, run_tasks):
    with time_machine.travel(START + dt.timedelta(days=200), tick=False):
        move = agreements.stage_propose(relationship=rel, by=people.user("mentor"), to_stage="protege")
        agreements.stage_answer(move=move, by=people.user("protege"), confirm=True)
    with time_machine.travel(START + dt.timedelta(days=400), tick=False):
        assert sweep_all()["stage_reviews"] == 0  # the protégé stage runs 2–5 years
    with time_machine.travel(START + dt.timedelta(days=200) + dt.timedelta(days=5 * 366), tick=False):
        assert sweep_all()["stage_reviews"] == 1
        assert sweep_all()["stage_reviews"] == 0
    assert list(StageReview.objects.values_list("stage", flat=True)) == ["protege"]


def test_lasting_friends_and_ended_relationships_are_never_prompted(rel, people, needs_of):
    from mentoring import services

    with time_machine.travel(START + dt.timedelta(days=10), tick=False):
        agreements.lasting_friends(relationship=rel, by=people.user("protege"))
        agreements.lasting_friends(relationship=rel, by=people.user("mentor"))
        other = start(people, needs_of, protege="other_protege")
        services.relationship_complete(relationship=other, by=people.user("other_protege"))
    with time_machine.travel(START + dt.timedelta(days=4000), tick=False):
        assert sweep_all()["stage_reviews"] == 0
