"""The check-ins' demo step: reproducible by seed, answered, shared and private, enough for directors' figures."""
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from directory import demo as directory_demo
from mentoring import checkin_selectors, checkin_services, demo
from mentoring.models import Block, CheckIn, Relationship
from mentoring.models.checkins import due_dates

TODAY = dt.datetime(timezone.now().year, 3, 2, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(demo, "today", lambda: TODAY)


def generate(seed=7):
    call_command("generate_demo", stdout=StringIO(), seed=seed, faculty=300, institutions=12, quiet=True, reset=True)
    return sorted(CheckIn.objects.values_list("relationship__mentor__email", "relationship__protege__email",
                                              "author__email", "due_on", "submitted_at", "availability", "helpfulness",
                                              "communication", "progress", "comment", "shared"))


def test_the_same_seed_gives_the_same_check_ins_and_another_seed_others():
    first = generate()
    assert first == generate()
    assert first != generate(seed=8)


def test_most_are_answered_some_shared_some_private_and_the_sweep_finds_nothing_to_add():
    generate()
    answered = CheckIn.objects.filter(submitted_at__isnull=False)
    assert answered.filter(shared=True).exists() and answered.filter(shared=False).exists()
    assert answered.count() > CheckIn.objects.filter(submitted_at__isnull=True).count()
    assert not CheckIn.objects.filter(submitted_at__isnull=True, relationship__status="ended").exists()
    assert Block.objects.count() == 2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: TODAY)
        assert checkin_services.checkins_announce(now=TODAY) == 0


def test_the_demo_protege_has_one_waiting_and_the_director_sees_figures():
    generate()
    protege = User.objects.get(email=directory_demo.SIGN_IN_EMAILS["protege"])
    for rel in Relationship.objects.filter(protege=protege, status="active"):
        dates = due_dates(rel.started_at, TODAY)
        if dates:  # the latest due one waits for her answer
            assert CheckIn.objects.get(relationship=rel, author=protege, due_on=dates[-1]).submitted_at is None
    director = User.objects.get(email=directory_demo.SIGN_IN_EMAILS["director"])
    figures = checkin_selectors.checkin_figures(user=director)
    assert figures and any(not row.suppressed for row in figures)
