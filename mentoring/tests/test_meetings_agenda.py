"""The agenda a protégé starts from: open action items, the goals and progress measure of the agreement in force."""
import pytest
from django.urls import reverse

from assessments.models import Goal
from mentoring import agreement_services, meetings_selectors, selectors
from mentoring.models import ActionItem
from mentoring.tests.agreement_helpers import agree, terms
from mosaic.tests.api_table import as_person

pytestmark = pytest.mark.django_db


def prefilled(people, pair) -> str:
    page = as_person(people, "protege").get(reverse("mentoring:meetings_new", args=[pair.pk]))
    assert page.status_code == 200
    return page.context["form"].initial["agenda"]


def test_the_agenda_starts_with_the_goals_and_progress_of_the_agreement_in_force(people, pair):
    ActionItem.objects.create(relationship=pair, owner=people.user("protege"), text="Draft the specific aims")
    agree(pair, people, progress="A first grant submitted\nby June.")
    lines = prefilled(people, pair).splitlines()
    assert lines == ["- Follow up: Draft the specific aims (Priya)", "- Goal: Build leadership skills",
                     "- How progress is defined: A first grant submitted by June.", "- Advisor: Leadership"]


def test_a_version_still_waiting_suggests_nothing_until_both_accept_it(people, pair):
    agree(pair, people, progress="A first grant submitted by June.")
    waiting = agreement_services.agreement_propose(relationship=pair, by=people.user("mentor"),
                                                   **terms(pair, progress="Two papers a year.", goals=[]))
    agenda = prefilled(people, pair)
    assert "A first grant submitted by June." in agenda and "Goal: Build leadership skills" in agenda
    assert "Two papers a year." not in agenda
    agreement_services.agreement_accept(version=waiting, by=people.user("protege"))
    agenda = prefilled(people, pair)
    assert "How progress is defined: Two papers a year." in agenda and "Goal:" not in agenda


def test_without_an_agreement_the_agenda_has_the_items_and_needs_only(people, pair):
    agreement_services.agreement_propose(relationship=pair, by=people.user("protege"), **terms(pair))
    assert prefilled(people, pair) == "- Advisor: Leadership"


def test_the_meetings_api_suggests_the_same_lines(people, pair, meeting):
    agree(pair, people, progress="A first grant submitted by June.")
    answer = as_person(people, "mentor").get(f"/api/v1/mentoring/relationships/{pair.pk}/meetings/{meeting.pk}")
    assert answer.status_code == 200
    assert answer.json()["agenda_suggestions"] == meetings_selectors.agenda_suggestions(pair)
    assert "Goal: Build leadership skills" in answer.json()["agenda_suggestions"]


@pytest.mark.parametrize("goals", [1, 30])
def test_the_suggestions_cost_the_same_queries_however_many_goals(people, pair, goals,
                                                                  django_assert_num_queries):
    priya = people.user("protege")
    version = Goal.objects.get(version__assessment__owner=priya).version
    Goal.objects.bulk_create(Goal(version=version, horizon="long", text=f"Goal {n}") for n in range(1, goals))
    ActionItem.objects.bulk_create(ActionItem(relationship=pair, owner=priya, text=f"Item {n}") for n in range(goals))
    agree(pair, people)
    rel = selectors.relationship_for(user=priya, pk=pair.pk)  # the needs come prefetched, as the pages read it
    with django_assert_num_queries(3):  # the open items, the version in force, its goals
        lines = meetings_selectors.agenda_suggestions(rel)
    assert sum(line.startswith("Goal: ") for line in lines) == goals
    assert sum(line.startswith("Follow up: ") for line in lines) == goals

