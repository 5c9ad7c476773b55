"""The relationship's page says when the review both agreed is due, as a real pair passes that date."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import agreement_services
from mentoring.models import AgreementVersion, Relationship
from mentoring.tests.agreement_helpers import agree, start, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def rel(people, needs_of):
    return start(people, needs_of)


def _page(client, user, rel) -> str:
    client.force_login(user)
    return client.get(reverse("mentoring:relationship", args=[rel.pk])).content.decode()


def _review_on(day: dt.date) -> None:
    AgreementVersion.objects.update(review_on=day)


def _due(day: dt.date) -> str:
    return f"The review you agreed for {day.day} {day:%b %Y} is due."


@pytest.mark.parametrize(("days", "due"), [(-40, True), (0, True), (1, False)])
def test_the_prompt_shows_once_the_agreed_date_comes(client, people, rel, days, due):
    agree(rel, people)
    for name in ("protege", "mentor"):
        user = people.user(name)
        # "Today" is the reader's own: the page reads dates in their time zone.
        day = timezone.localdate(timezone=ZoneInfo(user.profile.time_zone)) + dt.timedelta(days=days)
        _review_on(day)
        html = _page(client, user, rel)
        assert (_due(day) in html) is due
        assert "Talk the agreement over together, then propose a change" in html if due else True


def test_a_newer_version_proposed_is_the_review_under_way(client, people, rel):
    agree(rel, people)
    day = timezone.localdate() - dt.timedelta(days=10)
    _review_on(day)
    agreement_services.agreement_propose(relationship=rel, by=people.user("mentor"), **terms(rel))
    assert _due(day) not in _page(client, people.user("protege"), rel)


def test_a_complete_relationship_has_no_review_due(client, people, rel):
    agree(rel, people)
    day = timezone.localdate() - dt.timedelta(days=10)
    _review_on(day)
    Relationship.objects.filter(pk=rel.pk).update(status="ended", stage="ended", ended_at=timezone.now())
    assert _due(day) not in _page(client, people.user("protege"), rel)


def test_the_api_says_when_the_review_is_due(client, people, rel):
    agree(rel, people)
    client.force_login(people.user("protege"))
    url = f"/api/v1/mentoring/relationships/{rel.pk}/agreement"
    assert client.get(url).json()["review_due"] is None
    day = timezone.localdate() - dt.timedelta(days=3)
    _review_on(day)
    assert client.get(url).json()["review_due"] == day.isoformat()
