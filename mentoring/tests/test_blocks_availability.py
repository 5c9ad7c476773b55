"""After a block, each of the two sees the other exactly as a mentor not taking protégés now."""
import re

import pytest
from django.urls import reverse

from directory.models import Profile
from mentoring import checkin_services
from mentoring.models import Block
from mosaic.tests.api_table import as_person

API = "/api/v1"
_TOKEN = re.compile(r"[A-Za-z0-9]{32,}")  # CSRF tokens differ from one answer to the next


def _page(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200
    return _TOKEN.sub("TOKEN", response.content.decode())


def _card(html, name):
    """The one card naming `name` on a directory page."""
    cards = [c for c in re.findall(r"<article class=\"card\">.*?</article>", html, re.S) if name in c]
    assert len(cards) == 1
    return cards[0]


def _seen_by_priya(people):
    """Everything Priya sees of Marcus as a possible mentor: pages, the card, the filter, the API."""
    priya = as_person(people, "protege")
    marcus = people.mentor.profile
    search = {"q": "Marcus"}
    accepting_ids = [p.pk for p in priya.get(reverse("directory:directory"), {"accepting": "on"})
                     .context["page"].object_list]
    # With words, PostgreSQL picks the page from the search entries: the same filter applies there.
    accepting_found = [p.pk for p in priya.get(reverse("directory:directory"), {"accepting": "on", "q": "Marcus"})
                       .context["page"].object_list]
    api_accepting = [row["id"] for row in priya.get(f"{API}/profiles", {"accepting": "true", "limit": 100})
                     .json()["items"]]
    return {
        "profile": _page(priya, reverse("directory:profile", args=[marcus.pk])),
        "card": _card(_page(priya, reverse("directory:directory"), search), "Marcus Bell"),
        "search": _page(priya, reverse("directory:directory"), search),
        "accepting filter": marcus.pk in accepting_ids,
        "accepting filter with words": marcus.pk in accepting_found,
        "api profile": priya.get(f"{API}/profiles/{marcus.pk}").json(),
        "api search": priya.get(f"{API}/profiles", {**search, "limit": 100}).json(),
        "api accepting filter": marcus.pk in api_accepting,
        "ask": _page(priya, reverse("mentoring:ask", args=[marcus.pk])),
    }


def _not_accepting(people):
    Block.objects.all().delete()
    Profile.objects.filter(pk=people.mentor.profile.pk).update(accepting_now=False)
    return _seen_by_priya(people)


def _badge(html):
    return re.search(r'<span class="badge badge-(?:open|closed)">[^<]*</span>', html).group(0)


@pytest.fixture
def before(people, needs_of):
    needs_of(people.protege.user, ("advisor", "leadership"))
    seen = _seen_by_priya(people)
    assert "Accepting protégés" in seen["profile"] and seen["accepting filter"] and seen["accepting filter with words"]
    assert seen["api profile"]["accepting_now"] is True and "places free" in seen["ask"]
    return seen


def _assert_not_taking(seen):
    assert "Not taking protégés now" in _badge(seen["profile"]) and "Not taking protégés now" in seen["card"]
    assert "not taking protégés now" in seen["ask"] and "places free" not in seen["ask"]
    assert seen["accepting filter"] is False and seen["api accepting filter"] is False
    assert seen["accepting filter with words"] is False
    assert seen["api profile"]["accepting_now"] is False


def test_the_blocked_person_sees_the_blocker_as_a_mentor_not_taking_proteges(people, before):
    checkin_services.block_add(by=people.mentor.user, person=people.protege.user)
    blocked = _seen_by_priya(people)
    control = _not_accepting(people)

    assert blocked == control  # every page and answer, word for word
    _assert_not_taking(blocked)
    for name in ("card", "ask", "api profile", "api search"):
        assert "block" not in str(blocked[name]).lower()


def test_the_blocker_sees_the_blocked_person_as_a_mentor_not_taking_proteges(people, before):
    checkin_services.block_add(by=people.protege.user, person=people.mentor.user)
    blocked = _seen_by_priya(people)
    control = _not_accepting(people)

    # The blocker's own pages may say whom they blocked; what they say of availability is the control's.
    _assert_not_taking(blocked)
    assert _badge(blocked["profile"]) == _badge(control["profile"])
    for name in ("card", "accepting filter", "accepting filter with words",
                 "api profile", "api search", "api accepting filter"):
        assert blocked[name] == control[name]


def test_a_block_leaves_everyone_else_seeing_the_mentor_as_before(people):
    checkin_services.block_add(by=people.mentor.user, person=people.protege.user)
    quinn = as_person(people, "other_protege")
    marcus = people.mentor.profile
    assert "Accepting protégés" in _page(quinn, reverse("directory:profile", args=[marcus.pk]))
    assert quinn.get(f"{API}/profiles/{marcus.pk}").json()["accepting_now"] is True
    found = quinn.get(reverse("directory:directory"), {"accepting": "on"}).context["page"].object_list
    assert marcus.pk in [p.pk for p in found]


@pytest.mark.parametrize("blocker", ["mentor", "protege"])
def test_the_home_page_counts_the_other_as_a_local_mentor_not_accepting(people, blocker):
    priya = as_person(people, "protege")

    def local_open():
        return priya.get(reverse("home")).context["local_open_mentors"]

    assert local_open() == 1  # Marcus, a Riverbend sponsor
    other = "protege" if blocker == "mentor" else "mentor"
    checkin_services.block_add(by=getattr(people, blocker).user, person=getattr(people, other).user)
    blocked = local_open()
    Block.objects.all().delete()
    Profile.objects.filter(pk=people.mentor.profile.pk).update(accepting_now=False)
    assert blocked == local_open() == 0


def _riverbend_row(client, people):
    overview = client.get(reverse("home")).context["overview"]
    row = next(r for r in overview if r["id"] == people.riverbend.pk)
    return row["accepting"], row["open_capacity"]


def _accepting_at_riverbend(client, people):
    found = client.get(reverse("directory:directory"), {"accepting": "on", "institution": people.riverbend.pk})
    return [p.display_name for p in found.context["page"].object_list]


@pytest.mark.parametrize("blocker", ["mentor", "director"])
def test_a_directors_accepting_totals_leave_out_whom_their_directory_leaves_out(people, blocker):
    dana, chen = as_person(people, "director"), as_person(people, "chief")
    assert _riverbend_row(dana, people) == (1, 3) and _accepting_at_riverbend(dana, people) == ["Marcus Bell"]
    other = "director" if blocker == "mentor" else "mentor"
    checkin_services.block_add(by=getattr(people, blocker).user, person=getattr(people, other).user)
    # The totals agree with the directory she searches: Marcus counts as a mentor not accepting now.
    assert _accepting_at_riverbend(dana, people) == []
    assert _riverbend_row(dana, people) == (0, 0)
    # Everyone else's totals, figured on the same request path, are as before.
    assert _riverbend_row(chen, people) == (1, 3) and _accepting_at_riverbend(chen, people) == ["Marcus Bell"]


def test_the_overview_with_blocks_stays_two_queries(people, django_assert_num_queries):
    from directory.models import Institution
    from directory.selectors import institution_overview

    checkin_services.block_add(by=people.mentor.user, person=people.director.user)
    checkin_services.block_add(by=people.other_mentor.user, person=people.director.user)
    with django_assert_num_queries(2):
        rows = institution_overview(institutions=Institution.objects.all(), viewer=people.director.user)
    assert {r["id"]: r["accepting"] for r in rows}[people.riverbend.pk] == 0
