"""Check-ins and blocks: due dates with the clock set, answering and sharing, directors' figures, and blocks.

Marcus mentors Priya from 15 January 2025: check-ins fall due on 15 April 2025, then every six
months. Each party's answers are private unless shared; a block keeps two people apart without
a word to the blocked person.
"""
import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.tests.factories import MentorProfileFactory, ProfileFactory
from mentoring import checkin_selectors, checkin_services, selectors, services
from mentoring.models import Block, CheckIn, MentorshipRequest, Relationship
from mentoring.models.checkins import add_months, due_dates
from mentoring.tasks import sweep_all
from mosaic.errors import InvalidInput, NotAllowed, NotFound
from notifications.models import Notification

pytestmark = pytest.mark.django_db

STARTED = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
ANSWERS = {"availability": 4, "helpfulness": 5, "communication": 3, "progress": 4}


@pytest.fixture
def rel(people):
    return Relationship.objects.create(mentor=people.user("mentor"), protege=people.user("protege"), started_at=STARTED)


def sent_after(run_tasks, about: str = ""):
    """What was e-mailed since the last look; `about` keeps only subjects naming it (the sweep sends others too)."""
    run_tasks()
    sent = sorted((m.to[0], m.subject) for m in mail.outbox if about.lower() in m.subject.lower())
    mail.outbox.clear()
    return sent


def due_checkin(rel, author):
    return CheckIn.objects.select_related("relationship").get(relationship=rel, author=author)


# --- Due dates and the sweep ----------------------------------------------------------------

def test_due_dates_are_three_months_in_then_every_six():
    assert due_dates(STARTED, dt.datetime(2025, 4, 15, 8, 59, tzinfo=dt.UTC)) == []
    assert due_dates(STARTED, dt.datetime(2026, 4, 16, tzinfo=dt.UTC)) == [
        dt.date(2025, 4, 15), dt.date(2025, 10, 15), dt.date(2026, 4, 15)]
    assert add_months(dt.datetime(2025, 1, 31, tzinfo=dt.UTC), 1).date() == dt.date(2025, 2, 28)


def test_the_intervals_are_settings(settings):
    settings.MOSAIC_CHECKIN_FIRST_MONTHS, settings.MOSAIC_CHECKIN_EVERY_MONTHS = 1, 2
    assert due_dates(STARTED, dt.datetime(2025, 6, 1, tzinfo=dt.UTC)) == [dt.date(2025, 2, 15), dt.date(2025, 4, 15)]


def test_the_sweep_announces_a_due_check_in_once_to_each_party(people, rel, run_tasks):
    with time_machine.travel(dt.datetime(2025, 4, 14, tzinfo=dt.UTC), tick=False):
        assert sweep_all()["checkins_due"] == 0
    with time_machine.travel(dt.datetime(2025, 4, 16, tzinfo=dt.UTC), tick=False):
        assert sweep_all()["checkins_due"] == 2
        assert sweep_all()["checkins_due"] == 0
    assert sent_after(run_tasks, about="check-in") == [
        ("marcus@example.org", "Time for a check-in with Priya Raman"),
        ("priya@example.org", "Time for a check-in with Marcus Bell"),
    ]
    with time_machine.travel(dt.datetime(2025, 5, 1, tzinfo=dt.UTC), tick=False):
        assert sweep_all()["checkins_due"] == 0
    assert sent_after(run_tasks, about="check-in") == []
    assert set(CheckIn.objects.values_list("author_id", "due_on")) == {
        (people.user("mentor").pk, dt.date(2025, 4, 15)), (people.user("protege").pk, dt.date(2025, 4, 15))}


def test_missed_runs_catch_up_with_the_latest_due_date_only(people, rel, run_tasks):
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC), tick=False):
        assert sweep_all()["checkins_due"] == 2
        assert sweep_all()["checkins_due"] == 0
    assert set(CheckIn.objects.values_list("due_on", flat=True)) == {dt.date(2026, 4, 15)}
    assert len(sent_after(run_tasks, about="check-in")) == 2


def test_an_ended_relationship_gets_no_check_in(people, rel):
    services.relationship_complete(relationship=rel, by=people.user("protege"))
    with time_machine.travel(dt.datetime(2025, 4, 16, tzinfo=dt.UTC), tick=False):
        assert sweep_all()["checkins_due"] == 0
    assert not CheckIn.objects.exists()


# --- Answering and sharing ------------------------------------------------------------------

@pytest.fixture
def due(people, rel, run_tasks):
    with time_machine.travel(dt.datetime(2025, 4, 16, tzinfo=dt.UTC), tick=False):
        checkin_services.checkins_announce()
    run_tasks()
    mail.outbox.clear()
    return due_checkin(rel, people.user("protege")), due_checkin(rel, people.user("mentor"))


def test_a_private_answer_is_the_authors_alone_and_sharing_tells_the_other_once(people, due, run_tasks):
    priya, marcus = people.user("protege"), people.user("mentor")
    mine, _ = due
    checkin_services.checkin_submit(checkin=mine, by=priya, **ANSWERS, comment="Helpful, if hard to reach.")
    rel = mine.relationship
    assert checkin_selectors.checkins_of(user=marcus, relationship=rel).shared_with_me == []
    assert sent_after(run_tasks) == []
    checkin_services.checkin_share(checkin=mine, by=priya, shared=True)
    assert [c.pk for c in checkin_selectors.checkins_of(user=marcus, relationship=rel).shared_with_me] == [mine.pk]
    assert sent_after(run_tasks) == [("marcus@example.org", "Priya Raman shared a check-in with you")]
    checkin_services.checkin_share(checkin=mine, by=priya, shared=False)
    checkin_services.checkin_share(checkin=mine, by=priya, shared=True)
    assert sent_after(run_tasks) == []  # told the first time only
    with pytest.raises(NotFound):
        checkin_services.checkin_share(checkin=mine, by=marcus, shared=False)


def test_bad_answers_name_the_field_and_change_nothing(people, due):
    mine, _ = due
    with pytest.raises(InvalidInput) as exc:
        checkin_services.checkin_submit(checkin=mine, by=people.user("protege"),
                                        **{**ANSWERS, "availability": 6, "progress": None}, comment="x" * 3001)
    assert set(exc.value.fields) == {"availability", "progress", "comment"}
    mine.refresh_from_db()
    assert mine.submitted_at is None and mine.availability is None
    with pytest.raises(InvalidInput) as exc:
        checkin_services.checkin_share(checkin=mine, by=people.user("protege"), shared=True)
    assert set(exc.value.fields) == {"shared"}


def test_an_ended_relationships_check_ins_are_read_only(people, due):
    mine, _ = due
    checkin_services.checkin_submit(checkin=mine, by=people.user("protege"), **ANSWERS)
    services.relationship_complete(relationship=mine.relationship, by=people.user("mentor"))
    mine = due_checkin(mine.relationship, people.user("protege"))
    with pytest.raises(NotAllowed):
        checkin_services.checkin_share(checkin=mine, by=people.user("protege"), shared=True)
    client = _client(people, "protege")
    page = client.get(reverse("mentoring:checkins_answer", args=[mine.relationship_id, mine.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(reverse("mentoring:checkins_answer", args=[mine.relationship_id, mine.pk]),
                       ANSWERS).status_code == 403
    assert checkin_selectors.checkins_of(user=people.user("mentor"), relationship=mine.relationship).due == []


# --- Directors' figures -------------------------------------------------------------------------

def _answered_at_riverbend(people, n):
    for i in range(n):
        protege = ProfileFactory(institution=people.riverbend, display_name=f"Protégé {i}")
        rel = Relationship.objects.create(mentor=people.user("mentor"), protege=protege.user, started_at=STARTED)
        CheckIn.objects.create(relationship=rel, author=protege.user, due_on=dt.date(2025, 4, 15),
                               submitted_at=timezone.now(), availability=4, helpfulness=5, communication=3,
                               progress=2 + i % 2, comment="Private words")


def _riverbend_row(people, name="director"):
    return next(r for r in checkin_selectors.checkin_figures(user=people.user(name)) if r.name == people.riverbend.name)


def test_figures_are_suppressed_below_five_answers_and_shown_at_five(people):
    _answered_at_riverbend(people, 4)
    row = _riverbend_row(people)
    assert row.suppressed and row.count == 0 and row.means == ()
    home = _client(people, "director").get("/")
    assert b"fewer than 5 answers" in home.content and b"Private words" not in home.content
    _answered_at_riverbend(people, 1)
    row = _riverbend_row(people)
    assert not row.suppressed and row.count == 5
    assert dict(row.means) == {"Availability": 4.0, "Helpfulness": 5.0, "Communication": 3.0,
                               "Progress toward goals": 2.4}
    home = _client(people, "director").get("/")
    assert b"fewer than 5 answers" not in home.content and b"<td class=\"num\">2.4</td>" in home.content
    assert b"Private words" not in home.content


def test_figures_reach_only_a_directors_institutions(people):
    _answered_at_riverbend(people, 5)
    assert [r.name for r in checkin_selectors.checkin_figures(user=people.user("director"))] == [people.riverbend.name]
    assert {r.name for r in checkin_selectors.checkin_figures(user=people.user("chief"))} == {
        people.riverbend.name, people.hillcrest.name}
    for name in ("protege", "mentor", "ombudsperson", "far_ombudsperson", "visitor"):
        assert checkin_selectors.checkin_figures(user=people.user(name)) == [], name
    assert b"How relationships are going" not in _client(people, "mentor").get("/").content


# --- Blocks ---------------------------------------------------------------------------------------

def _client(people, name):
    from mosaic.tests.api_table import as_person
    return as_person(people, name)


def test_blocking_closes_waiting_requests_quietly_and_stops_new_ones(people, needs_of, run_tasks):
    priya, marcus = people.user("protege"), people.user("mentor")
    needs = needs_of(priya, ("advisor", "leadership"))
    waiting = services.request_send(protege=priya, mentor=marcus, needs=needs, frequency="monthly",
                                    meeting_minutes=45, message="Would you consider…")
    run_tasks()
    mail.outbox.clear()
    before = Notification.objects.count()
    checkin_services.block_add(by=marcus, person=people.protege.profile)
    waiting.refresh_from_db()
    assert waiting.status == MentorshipRequest.Status.EXPIRED  # to her, a request that lapsed
    assert Notification.objects.count() == before and sent_after(run_tasks) == []
    with pytest.raises(InvalidInput) as exc:
        services.request_send(protege=priya, mentor=marcus, needs=needs, frequency="monthly", meeting_minutes=45,
                              message="Again?")
    assert exc.value.fields == {"mentor": ["Marcus Bell is not taking protégés now."]}
    assert marcus.pk in set(selectors.excluded_mentors(priya))
    # Unblocking makes requests possible again; nothing closed reopens.
    block = Block.objects.get(blocker=marcus)
    checkin_services.block_remove(block=block, by=marcus)
    assert marcus.pk not in set(selectors.excluded_mentors(priya))
    waiting.refresh_from_db()
    assert waiting.status == MentorshipRequest.Status.EXPIRED


def test_the_blockers_own_waiting_request_is_withdrawn_without_a_word(people, needs_of, run_tasks):
    priya, marcus = people.user("protege"), people.user("mentor")
    waiting = services.request_send(protege=priya, mentor=marcus, needs=needs_of(priya, ("advisor", "leadership")),
                                    frequency="monthly", meeting_minutes=45, message="Would you consider…")
    run_tasks()
    mail.outbox.clear()
    checkin_services.block_add(by=priya, person=marcus)
    waiting.refresh_from_db()
    assert waiting.status == MentorshipRequest.Status.WITHDRAWN
    assert sent_after(run_tasks) == []


def test_no_referral_of_one_to_the_other(people, colleague):
    priya = people.user("protege")
    checkin_services.block_add(by=priya, person=colleague.user)
    with pytest.raises(InvalidInput) as exc:
        services.referral_suggest(protege=priya, mentor=colleague.user, by=people.user("other_protege"))
    assert exc.value.fields == {"mentor": ["Rosa Lindqvist is not taking protégés now; suggest another colleague."]}


def test_a_blocked_suggester_seems_to_succeed_but_the_blocker_never_sees_it(people, colleague, run_tasks):
    priya, quinn = people.user("protege"), people.user("other_protege")
    checkin_services.block_add(by=priya, person=quinn)
    referral = services.referral_suggest(protege=priya, mentor=colleague.user, by=quinn)
    assert referral.pk and selectors.referrals_for(user=priya) == []
    assert sent_after(run_tasks) == []


def test_recommendations_leave_out_blocked_mentors_whoever_blocked(people, needs_of):
    from directory.models import Domain
    from mentoring.recommendations import recommendations_for, reset_pool

    reset_pool()
    priya = people.user("protege")
    needs_of(priya, ("advisor", "leadership"))
    rosa = MentorProfileFactory(display_name="Rosa Lindqvist", institution=people.hillcrest, career_start_year=2010,
                                offered=("advisor",))
    rosa.domains.set(Domain.objects.filter(slug="leadership"))

    def suggested():
        return {s.profile.pk for g in recommendations_for(user=priya, k=5).gaps for s in g.candidates}

    assert rosa.pk in suggested()
    checkin_services.block_add(by=rosa.user, person=priya)
    assert rosa.pk not in suggested()


def test_blocking_needs_a_visible_colleague_not_oneself(people):
    with pytest.raises(InvalidInput) as exc:
        checkin_services.block_add(by=people.user("protege"), person=people.user("protege"))
    assert set(exc.value.fields) == {"person"}
    with pytest.raises(InvalidInput):
        checkin_services.block_add(by=people.user("protege"), person=people.user("other_mentor"))  # unlisted
    assert checkin_services.block_add(by=people.user("protege"), person=people.user("mentor")) == \
        checkin_services.block_add(by=people.user("protege"), person=people.user("mentor"))
    assert Block.objects.count() == 1
