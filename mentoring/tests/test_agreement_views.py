"""The relationship page's agreement and stage sections, their own pages, the ending, and their query bounds."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring import agreement_services as agreements
from mentoring import services
from mentoring.models import AgreementVersion, StageMove
from mentoring.tests.agreement_helpers import agree, start, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def rel(people, needs_of):
    return start(people, needs_of)


def as_(client, user):
    client.force_login(user)
    return client


def page(client, rel) -> str:
    response = client.get(reverse("mentoring:relationship", args=[rel.pk]))
    assert response.status_code == 200
    return response.content.decode()


def form_data(rel, **changes) -> dict:
    values = terms(rel, **changes)
    values["review_on"] = str(values["review_on"])
    return {k: v for k, v in values.items()}


class TestAgreementPages:
    def test_the_first_draft_starts_from_the_relationships_terms(self, client, people, rel):
        c = as_(client, people.user("protege"))
        assert "No agreement yet" in page(c, rel)
        response = c.get(reverse("mentoring:agreement_edit", args=[rel.pk]))
        form = response.context["form"]
        assert form.initial["frequency"] == "monthly" and form.initial["meeting_minutes"] == 45
        assert form.initial["needs"] == [str(n.pk) for n in rel.needs.all()]
        assert "Build leadership skills" in response.content.decode()  # her goal, offered

    def test_proposed_then_accepted_by_the_other_side(self, client, people, rel):
        c = as_(client, people.user("protege"))
        response = c.post(reverse("mentoring:agreement_edit", args=[rel.pk]), form_data(rel), follow=True)
        assert "Version 1 is proposed" in response.content.decode()
        assert "Waiting for Marcus Bell to accept" in page(c, rel)
        m = as_(client, people.user("mentor"))
        html = page(m, rel)
        assert "Waiting for you to accept" in html and "Accept version 1" in html
        response = m.post(reverse("mentoring:agreement_accept", args=[rel.pk, 1]), follow=True)
        assert "You have both accepted the agreement" in response.content.decode()
        html = page(m, rel)
        assert "Agreed on" in html and "Every two weeks, 60 minutes" in html
        rel.refresh_from_db()
        assert rel.frequency == "fortnightly"

    def test_bad_input_is_shown_beside_the_field_and_nothing_saved(self, client, people, rel):
        c = as_(client, people.user("protege"))
        response = c.post(reverse("mentoring:agreement_edit", args=[rel.pk]),
                          form_data(rel, progress="", review_on="2001-01-01"))
        assert response.status_code == 200
        assert response.context["form"].errors["progress"] and response.context["form"].errors["review_on"]
        assert not AgreementVersion.objects.exists()

    def test_history_lists_every_version_with_acceptances(self, client, people, rel):
        agree(rel, people)
        agreements.agreement_propose(relationship=rel, by=people.user("mentor"), **terms(rel, meeting_minutes=30))
        html = as_(client, people.user("protege")).get(reverse("mentoring:agreement_history", args=[rel.pk])) \
            .content.decode()
        assert "Version 2" in html and "Version 1" in html and "In force" in html and "Waiting" in html

    @pytest.mark.parametrize("name", ["other_protege", "director", "ombudsperson", "far_ombudsperson", "chief",
                                      "admin"])
    def test_nobody_else_reaches_the_pages(self, client, people, rel, name):
        c = as_(client, people.user(name))
        for url in (reverse("mentoring:relationship", args=[rel.pk]),
                    reverse("mentoring:agreement_history", args=[rel.pk]),
                    reverse("mentoring:agreement_edit", args=[rel.pk])):
            assert c.get(url).status_code == 404


class TestStagePages:
    def test_propose_confirm_and_the_timeline(self, client, people, rel):
        m = as_(client, people.user("mentor"))
        m.post(reverse("mentoring:stage_propose", args=[rel.pk]), {"to_stage": "protege", "note": "Ready"})
        assert "You proposed moving to the protégé stage" in page(m, rel)
        p = as_(client, people.user("protege"))
        html = page(p, rel)
        assert "Marcus Bell proposes moving to the protégé stage" in html and "Confirm the move" in html
        move = StageMove.objects.get()
        p.post(reverse("mentoring:stage_answer", args=[rel.pk, move.pk]), {"answer": "confirm"})
        html = page(p, rel)
        timeline = html[html.index('class="stage-timeline"'):]
        assert timeline.index("Initiation") < timeline.index("Protégé stage")
        assert "Proposed by Marcus Bell, confirmed by Priya Raman" in timeline

    def test_lasting_friends_from_the_page(self, client, people, rel):
        as_(client, people.user("protege")).post(reverse("mentoring:stage_lasting_friends", args=[rel.pk]))
        response = as_(client, people.user("mentor")).post(
            reverse("mentoring:stage_lasting_friends", args=[rel.pk]), follow=True)
        assert "You are lasting friends now" in response.content.decode()
        rel.refresh_from_db()
        assert rel.stage == "lasting_friendship"


class TestEndingPages:
    def test_the_reason_is_shown_to_its_author_alone_and_the_page_becomes_read_only(self, client, people, rel):
        agree(rel, people)
        c = as_(client, people.user("protege"))
        assert "Complete…" in page(c, rel)
        c.post(reverse("mentoring:complete", args=[rel.pk]), {"reason": "Our paths diverged"})
        mine = page(c, rel)
        assert "Our paths diverged" in mine and "Only you can read this" in mine
        theirs = page(as_(client, people.user("mentor")), rel)
        assert "Our paths diverged" not in theirs and "This relationship is complete" in theirs
        for html in (mine, theirs):
            main = html[html.index("<main"):]
            for action in ("agreement/edit/", "/stages/", "/accept/", "/complete/", "Propose"):
                assert action not in main, action
        response = c.get(reverse("mentoring:agreement_edit", args=[rel.pk]), follow=True)
        assert "can be read, not changed" in response.content.decode()
        for name in ("director", "ombudsperson", "far_ombudsperson", "chief", "admin", "other_protege"):
            other = as_(client, people.user(name))
            for url in (reverse("mentoring:relationship", args=[rel.pk]), reverse("mentoring:relationships")):
                response = other.get(url)
                assert "Our paths diverged" not in response.content.decode(), (name, url)
            assert other.get(reverse("mentoring:relationship", args=[rel.pk])).status_code == 404


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


class TestBoundedQueries:
    def test_the_relationship_page_and_history_do_not_grow_with_versions_or_moves(
            self, client, people, rel, django_assert_max_num_queries):
        agree(rel, people)
        move = agreements.stage_propose(relationship=rel, by=people.user("mentor"), to_stage="protege")
        agreements.stage_answer(move=move, by=people.user("protege"), confirm=True)
        c = as_(client, people.user("protege"))
        urls = [reverse("mentoring:relationship", args=[rel.pk]), reverse("mentoring:agreement_history",
                                                                          args=[rel.pk])]
        few = [count(c, url) for url in urls]
        for n in range(12):
            agree(rel, people, meeting_minutes=30 + n % 4 * 15)
            to = ["redefinition", "protege"][n % 2]
            move = agreements.stage_propose(relationship=rel, by=people.user("mentor"), to_stage=to)
            agreements.stage_answer(move=move, by=people.user("protege"), confirm=True)
        many = [count(c, url) for url in urls]
        assert many == few
        for url in urls:
            with django_assert_max_num_queries(25):
                c.get(url)

    def test_a_complete_page_after_ending_changes_nothing(self, client, people, rel):
        services.relationship_complete(relationship=rel, by=people.user("mentor"))
        response = as_(client, people.user("protege")).post(reverse("mentoring:complete", args=[rel.pk]),
                                                            {"reason": "again"}, follow=True)
        assert "already complete" in response.content.decode()
        rel.refresh_from_db()
        assert rel.end_reason == "" and rel.ended_by == people.user("mentor")
