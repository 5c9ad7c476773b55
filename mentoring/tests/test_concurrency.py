"""Invariants under races: a mentor's last place goes to one protégé, and a double send makes one request.

On PostgreSQL each contender is a thread with its own connection, released together by a barrier,
so the services' row locks are what keeps the invariant. SQLite has one writer at a time and its
in-memory test database cannot be shared between threads' transactions, so there the same
contenders run one after the other and the same invariant is asserted.
"""
import threading

import pytest
from django.db import connection
from django.utils import timezone

from directory.tests.factories import ProfileFactory
from mentoring import selectors, services
from mentoring.models import MentorshipRequest, Relationship
from mosaic.errors import Conflict

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 200


def contend(*calls):
    """Run each call at once (threads on PostgreSQL, in turn on SQLite); ("ok", value) or ("error", exc)."""
    results = [None] * len(calls)

    def attempt(i, call):
        try:
            results[i] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each contender got
            results[i] = ("error", exc)

    if connection.vendor == "sqlite":
        for i, call in enumerate(calls):
            attempt(i, call)
        return results
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        try:
            barrier.wait(timeout=30)
            attempt(i, call)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_proteges_race_for_a_mentors_last_place(people):
    marcus = people.mentor.profile
    marcus.capacity = 2
    marcus.save()
    Relationship.objects.create(mentor=marcus.user, protege=ProfileFactory().user)  # one place left
    proteges = [people.user("protege"), people.user("other_protege")]
    for round_ in range(ROUNDS):
        requests = [
            MentorshipRequest.objects.create(protege=p, mentor=marcus.user, frequency="monthly", meeting_minutes=45,
                                             message="Would you consider mentoring me?")
            for p in proteges
        ]
        results = contend(*[
            (lambda r=r: services.request_accept(request=r, by=marcus.user)) for r in requests
        ])
        won = [value for kind, value in results if kind == "ok"]
        lost = [value for kind, value in results if kind == "error"]
        assert len(won) == 1 and len(lost) == 1, (round_, results)
        assert isinstance(lost[0], Conflict), (round_, lost[0])
        assert lost[0].message.startswith("You have no free place: you mentor 2 protégés and have room for 2."), (
            round_, lost[0].message)
        assert selectors.active_count(marcus.user) == 2 <= marcus.capacity
        assert MentorshipRequest.objects.filter(status="accepted", pk__in=[r.pk for r in requests]).count() == 1
        # Free the place again for the next round.
        Relationship.objects.filter(pk=won[0].pk).update(status="ended", stage="ended", ended_at=timezone.now())
        MentorshipRequest.objects.filter(status="pending").update(status="withdrawn")


def test_racing_duplicate_requests_leave_one_pending(people, needs_of):
    needs = needs_of(people.user("protege"), ("advisor", "leadership"))
    priya, marcus = people.user("protege"), people.user("mentor")

    def send():
        return services.request_send(protege=priya, mentor=marcus, needs=needs, frequency="monthly",
                                     meeting_minutes=45, message="Would you consider mentoring me?")

    for round_ in range(ROUNDS // 2):
        results = contend(send, send)
        kinds = sorted(kind for kind, _ in results)
        assert kinds == ["error", "ok"], (round_, results)
        error = next(value for kind, value in results if kind == "error")
        assert isinstance(error, Conflict) and "already asked Marcus Bell" in error.message, (round_, error)
        assert MentorshipRequest.objects.filter(protege=priya, mentor=marcus, status="pending").count() == 1
        MentorshipRequest.objects.filter(status="pending").update(status="withdrawn")


def test_a_block_racing_a_request_leaves_nothing_waiting_between_them(people, needs_of):
    """Whichever wins, no request waits between two people once one has blocked the other."""
    from mentoring import checkin_services
    from mentoring.models import Block
    from mosaic.errors import InvalidInput

    priya, marcus = people.user("protege"), people.user("mentor")
    needs = needs_of(priya, ("advisor", "leadership"))

    def send():
        return services.request_send(protege=priya, mentor=marcus, needs=needs, frequency="monthly",
                                     meeting_minutes=45, message="Would you consider mentoring me?")

    def block():
        return checkin_services.block_add(by=marcus, person=priya)

    for round_ in range(ROUNDS // 4):
        results = contend(send, block)
        assert results[1][0] == "ok", (round_, results)
        assert results[0][0] == "ok" or isinstance(results[0][1], InvalidInput), (round_, results)
        assert not MentorshipRequest.objects.filter(protege=priya, mentor=marcus, status="pending").exists(), round_
        Block.objects.all().delete()
        MentorshipRequest.objects.all().delete()
