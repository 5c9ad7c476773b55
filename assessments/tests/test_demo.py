"""The self-evaluation's demo step: reproducible by seed, needs from the real suggestion rules, gaps to show."""
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from assessments import demo, selectors
from assessments.models import Answer, Assessment, AssessmentVersion, DroppedSuggestion, Goal, Need, Share
from assessments.suggestions import suggest
from demo.registry import DemoNetwork, ordered_steps
from demo.removal import has_network, remove_network
from directory import demo as directory_demo
from directory.models import Profile
from directory.vocabulary import CareerStage

FACULTY = 150
INSTITUTIONS = 12
PROTEGE = directory_demo.SIGN_IN_EMAILS["protege"]
MENTOR = directory_demo.SIGN_IN_EMAILS["mentor"]


def generate(**options) -> str:
    out = StringIO()
    options = {"seed": 7, "faculty": FACULTY, "institutions": INSTITUTIONS, "quiet": True, **options}
    call_command("generate_demo", stdout=out, **options)
    return out.getvalue()


def assessments_digest() -> str:
    """Everything the step writes, by natural keys (e-mails, numbers, section keys), never by auto id."""
    versions = AssessmentVersion.objects.values_list(
        "assessment__owner__email", "number", "status", "based_on__number", "created_at", "completed_at")
    rows = [
        sorted(Assessment.objects.values_list("owner__email", "slug", "created_at")),
        sorted(versions),
        sorted(Answer.objects.values_list("version__assessment__owner__email", "version__number", "section__key",
                                          "text")),
        sorted(Goal.objects.values_list("version__assessment__owner__email", "version__number", "lineage", "horizon",
                                        "text", "target_year", "status")),
        sorted((n.version.assessment.owner.email, n.version.number, str(n.lineage), n.role, n.domain.slug,
                n.priority, n.note, n.status, n.origin, tuple(n.triggers))
               for n in Need.objects.select_related("version__assessment__owner", "domain")),
        sorted(DroppedSuggestion.objects.values_list("version__assessment__owner__email", "version__number", "role",
                                                     "domain__slug")),
        sorted(Share.objects.values_list("version__assessment__owner__email", "version__number", "with_user__email")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.django_db
def test_same_seed_gives_the_same_self_evaluations_and_another_seed_different_ones():
    generate()
    first = assessments_digest()
    assert Assessment.objects.exists()
    generate(reset=True)
    assert assessments_digest() == first
    generate(reset=True, seed=8)
    assert assessments_digest() != first


def test_the_step_for_a_seed_stays_the_same_from_release_to_release():
    # Pinned, as the directory's steps are: change it only when the demo is meant to change.
    net = DemoNetwork(seed=3, faculty=200, institutions=15, year=2026).build()
    digest = hashlib.sha256(repr(net.rows[demo.SELF_EVALUATIONS]).encode()).hexdigest()
    assert digest == "c753f69b2665b67453e4fd6e5552ab79ae3d269d6b8102e72adfe25f14df2465"


def test_needs_come_from_the_real_suggestion_rules():
    net = DemoNetwork(seed=3, faculty=300, institutions=15, year=2026).build()
    rows = net.rows[demo.SELF_EVALUATIONS]
    suggested = 0
    for row in rows:
        for version in row.versions:
            texts = demo._texts(version)
            # The per-text shortcut finds exactly what the table finds in all the texts at once.
            whole = suggest([(key, key, text) for key, text in texts])
            assert [(s.role, s.domain_slug, s.words, s.priority) for s in whole] == [
                tuple(s) for s in demo.suggestions(texts)]
            found = {(s.role, s.domain_slug): s.words for s in whole}
            for need in version.needs:
                if need.origin == "suggested":
                    suggested += 1
                    # Carried into a later version, a need keeps the words that first suggested it.
                    assert set(need.triggers) <= set(found[(need.role, need.domain)])
            assert {(n.role, n.domain) for n in version.needs if n.status == "open"}.isdisjoint(version.dropped)
    assert suggested > len(rows)
    # Answers are varied, not one text for everybody.
    missions = {r.versions[0].answers["mission"] for r in rows}
    assert len(missions) > len(rows) / 3


@pytest.mark.django_db
def test_most_early_career_faculty_have_one_and_several_two_a_year_apart():
    generate()
    faculty = Profile.objects.exclude(user__email__in=directory_demo.SIGN_IN_EMAILS.values())
    owners = set(Assessment.objects.values_list("owner_id", flat=True))
    early = [p.user_id for p in faculty if p.career_stage == CareerStage.EARLY]
    assert len(owners & set(early)) >= 0.6 * len(early)
    # Only early-career people (and the demo protégé) take stock in the demo.
    assert owners <= set(early) | {User.objects.get(email=PROTEGE).pk}
    twice = [a for a in Assessment.objects.prefetch_related("versions") if
             sum(v.status == "completed" for v in a.versions.all()) == 2]
    assert len(twice) >= 5
    for a in twice:
        one, two = sorted(a.versions.all(), key=lambda v: v.number)
        assert two.based_on_id == one.pk
        assert 340 <= (two.completed_at - one.completed_at).days <= 400
        compared = selectors.version_compare(user=a.owner, older_pk=one.pk, newer_pk=two.pk)
        assert compared.goals_achieved and compared.needs_added
    assert Share.objects.filter(revoked_at=None).count() >= 5
    assert AssessmentVersion.objects.filter(status="draft").exists()  # some are still at it


@pytest.mark.django_db
def test_the_demo_protege_has_a_completed_self_evaluation_with_gaps_worth_filling(client):
    generate()
    maya = User.objects.get(email=PROTEGE)
    versions = selectors.versions_of(user=maya)
    assert [v.status for v in versions] == ["completed", "completed"]
    latest = selectors.version_for(user=maya, pk=versions[0].pk)
    open_needs = {(n.role, n.domain.slug) for n in latest.needs.all() if n.status == "open"}
    assert {("sponsor", "career-planning"), ("advisor", "leadership"), ("academic_coach", "research")} <= open_needs
    assert {(n.role, n.domain.slug) for n in selectors.open_needs(owners=[maya])} == open_needs
    compared = selectors.version_compare(user=maya, older_pk=versions[1].pk, newer_pk=versions[0].pk)
    assert [g.text for g in compared.goals_achieved] == ["Publish the first paper from my goals-of-care study"]
    assert [(n.role, n.domain.slug) for n in compared.needs_added] == [("advisor", "leadership")]
    # Shared with the demo mentor, who can read it; her pages open for her.
    mentor = User.objects.get(email=MENTOR)
    assert latest.pk in {s.version_id for s in selectors.shared_with(user=mentor)}
    client.force_login(maya)
    for url in (reverse("assessments:index", args=["self-evaluation"]),
                reverse("assessments:summary", args=["self-evaluation", latest.pk]),
                reverse("assessments:needs", args=[latest.pk]),
                reverse("assessments:compare", args=["self-evaluation"])):
        assert client.get(url).status_code == 200, url
    client.force_login(mentor)
    assert client.get(reverse("assessments:summary", args=["self-evaluation", latest.pk])).status_code == 200


@pytest.mark.django_db
def test_reset_removes_the_steps_rows():
    generate()
    remove_network()
    for model in (Assessment, AssessmentVersion, Answer, Goal, Need, DroppedSuggestion, Share):
        assert not model.objects.exists(), model
    assert not has_network()
    step = next(s for s in ordered_steps() if s.name == demo.SELF_EVALUATIONS)
    assert step.removes == step.shows == ("assessments.Assessment",)
