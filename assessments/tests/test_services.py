"""Self-evaluation services: starting, saving, completing, versions, comparison, needs, suggestions, shares."""
import pytest

from assessments import selectors, services
from assessments.models import AssessmentVersion, Goal, Need, Questionnaire, Share
from assessments.tests.helpers import ANSWERS, completed_version, domain, filled_draft, user_of
from mosaic.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def test_the_seeded_questionnaire_is_the_articles_fig_1():
    questionnaire = selectors.current_questionnaire()
    keys = [s.key for s in questionnaire.sections.all()]
    assert keys[:3] == ["mission", "success", "short_term_goals"]
    assert sorted({s.part for s in questionnaire.sections.all()}) == list(range(1, 9))
    assert "home for dinner" in questionnaire.sections.get(key="success").examples
    assert "Carey" in questionnaire.credit


def test_start_resumes_the_one_draft(people):
    owner = user_of(people, "protege")
    first = services.version_start(owner=owner)
    assert services.version_start(owner=owner) == first
    assert first.number == 1 and first.is_draft


def test_autosave_overwrites_one_answer_per_section(people):
    owner = user_of(people, "protege")
    version = services.version_start(owner=owner)
    services.answer_save(version=version, by=owner, section_key="mission", text="Researcher")
    services.answer_save(version=version, by=owner, section_key="mission", text="Clinician leader")
    assert [a.text for a in version.answers.all()] == ["Clinician leader"]


def test_too_long_an_answer_names_the_field_and_keeps_the_old_text(people):
    owner = user_of(people, "protege")
    version = services.version_start(owner=owner)
    services.answer_save(version=version, by=owner, section_key="mission", text="Researcher")
    with pytest.raises(InvalidInput) as exc:
        services.answer_save(version=version, by=owner, section_key="mission", text="x" * 5001)
    assert "text" in exc.value.fields
    assert version.answers.get().text == "Researcher"


def test_someone_else_cannot_write_into_a_draft(people):
    version = services.version_start(owner=user_of(people, "protege"))
    for name in ("mentor", "director", "admin"):
        with pytest.raises(NotFound):
            services.answer_save(version=version, by=user_of(people, name), section_key="mission", text="Mine now")
    assert not version.answers.exists()


def test_completing_with_an_empty_mission_names_the_sections_and_completes_nothing(people):
    owner = user_of(people, "protege")
    version = filled_draft(owner, answers={k: v for k, v in ANSWERS.items() if k != "mission"}, goals=())
    with pytest.raises(InvalidInput) as exc:
        services.version_complete(version=version, by=owner)
    assert set(exc.value.fields) == {"mission", "short_term_goals"}
    assert "What is my mission?" in exc.value.message
    version.refresh_from_db()
    assert version.is_draft and version.completed_at is None


def test_complete_freezes_the_version_and_its_wording(people):
    owner = user_of(people, "protege")
    version = completed_version(owner)
    assert version.status == AssessmentVersion.Status.COMPLETED and version.completed_at
    assert version.questionnaire.is_frozen
    with pytest.raises(Conflict):
        services.answer_save(version=version, by=owner, section_key="mission", text="Changed")


def test_a_new_version_is_prefilled_from_the_last_completed_one(people):
    owner = user_of(people, "protege")
    first = completed_version(owner)
    services_need = Need.objects.create(version=first, role="sponsor", domain=domain("career-planning"))
    second = services.version_start(owner=owner)
    assert second.number == 2 and second.based_on == first
    assert {a.section.key: a.text for a in second.answers.all()} == ANSWERS
    assert [g.lineage for g in second.goals.all()] == [g.lineage for g in first.goals.all()]
    assert [n.lineage for n in second.needs.all()] == [services_need.lineage]


def test_compare_shows_a_goal_achieved_a_new_need_and_text_changes(people):
    owner = user_of(people, "protege")
    first = completed_version(owner, goals=("Build leadership skills", "Submit research award"))
    second = services.version_start(owner=owner)
    award = second.goals.get(text="Submit research award")
    services.goal_set_status(goal=award, by=owner, status=Goal.Status.ACHIEVED)
    services.goal_add(version=second, by=owner, horizon="long", text="Establish a teaching rotation")
    services.need_add(version=second, by=owner, role="teacher", domain=domain("education").pk, priority="high")
    mission = "Clinician leader and palliative medicine director."
    services.answer_save(version=second, by=owner, section_key="mission", text=mission)
    services.version_complete(version=second, by=owner)
    comparison = selectors.version_compare(user=owner, older_pk=first.pk, newer_pk=second.pk)
    assert [g.text for g in comparison.goals_achieved] == ["Submit research award"]
    assert [g.text for g in comparison.goals_added] == ["Establish a teaching rotation"]
    assert [(n.role, n.domain.slug) for n in comparison.needs_added] == [("teacher", "education")]
    assert [c.section.key for c in comparison.text_changes] == ["mission"]
    assert comparison.text_changes[0].diff[-2:] == [("added", "palliative medicine"), ("same", "director.")]


def test_a_need_without_a_role_names_the_field_and_stores_nothing(people):
    owner = user_of(people, "protege")
    version = services.version_start(owner=owner)
    with pytest.raises(InvalidInput) as exc:
        services.need_add(version=version, by=owner, role="", domain=domain("research").pk, priority="high")
    assert list(exc.value.fields) == ["role"]
    with pytest.raises(InvalidInput) as exc:
        services.need_add(version=version, by=owner, role="teacher", domain="", priority="urgent")
    assert set(exc.value.fields) == {"domain", "priority"}
    assert not Need.objects.exists()


def test_need_change_close_and_a_duplicate_is_refused(people):
    owner = user_of(people, "protege")
    version = services.version_start(owner=owner)
    need = services.need_add(version=version, by=owner, role="teacher", domain=domain("research"))
    with pytest.raises(InvalidInput) as exc:
        services.need_add(version=version, by=owner, role="teacher", domain=domain("research"))
    assert "domain" in exc.value.fields
    services.need_change(need=need, by=owner, role="academic_coach", domain=domain("research"), priority="low")
    services.need_close(need=need, by=owner)
    need.refresh_from_db()
    assert (need.role, need.priority, need.status) == ("academic_coach", "low", "closed")


def test_suggestions_list_the_words_that_triggered_them(people):
    owner = user_of(people, "protege")
    version = filled_draft(owner)
    loaded = selectors.version_queryset().get(pk=version.pk)
    found = {s.key: s for s in selectors.suggestions_for(loaded)}
    assert "leadership" in found["advisor:leadership"].words
    assert found["advisor:leadership"].priority == "high"  # named under mentoring needs
    assert found["sponsor:career-planning"].words == ["sponsor"]
    assert found["sponsor:career-planning"].must_be_local
    assert "funding" in found["academic_coach:research"].words
    assert "home for dinner" in found["confidante:work-life-balance"].words


def test_accept_change_and_drop_suggestions(people):
    owner = user_of(people, "protege")
    version = filled_draft(owner)
    research = domain("research")
    need = services.suggestion_accept(version=version, by=owner, role="sponsor", domain=domain("career-planning").pk)
    assert need.origin == Need.Origin.SUGGESTED and need.triggers == ["sponsor"] and need.must_be_local
    changed = services.suggestion_accept(version=version, by=owner, role="academic_coach", domain=research.pk,
                                         new_role="teacher", priority="low")
    assert (changed.role, changed.domain, changed.priority) == ("teacher", research, "low")
    services.suggestion_drop(version=version, by=owner, role="advisor", domain=domain("leadership").pk)
    keys = {s.key for s in selectors.suggestions_for(selectors.version_queryset().get(pk=version.pk))}
    assert not keys & {"sponsor:career-planning", "academic_coach:research", "advisor:leadership"}
    with pytest.raises(InvalidInput):
        services.suggestion_drop(version=version, by=owner, role="advisor", domain=domain("leadership").pk)


def test_share_then_revoke(people):
    owner, mentor = user_of(people, "protege"), user_of(people, "mentor")
    version = completed_version(owner)
    share = services.share_grant(version=version, by=owner, with_user=mentor)
    assert selectors.version_for(user=mentor, pk=version.pk) == version
    assert [s.with_user for s in selectors.shares_of(user=owner, version=version)] == [mentor]
    with pytest.raises(InvalidInput) as exc:
        services.share_grant(version=version, by=owner, with_user=mentor)
    assert "with_user" in exc.value.fields
    services.share_revoke(share=share, by=owner)
    with pytest.raises(NotFound):
        selectors.version_for(user=mentor, pk=version.pk)
    assert Share.objects.get().revoked_at is not None


def test_only_the_owner_shares_and_never_with_themselves(people):
    owner, mentor = user_of(people, "protege"), user_of(people, "mentor")
    version = completed_version(owner)
    with pytest.raises(InvalidInput):
        services.share_grant(version=version, by=owner, with_user=owner)
    share = services.share_grant(version=version, by=owner, with_user=mentor)
    with pytest.raises(NotFound):
        services.share_grant(version=version, by=user_of(people, "director"), with_user=mentor)
    with pytest.raises(Exception) as exc:
        services.share_revoke(share=share, by=mentor)
    assert getattr(exc.value, "status", None) == 403
    assert Share.objects.get().is_live


def test_open_needs_of_many_people_in_one_query(people, django_assert_num_queries):
    owner, other = user_of(people, "protege"), user_of(people, "other_protege")
    first = completed_version(owner)
    Need.objects.create(version=first, role="sponsor", domain=domain("career-planning"))
    second = services.version_start(owner=owner)
    services.need_add(version=second, by=owner, role="teacher", domain=domain("research"))
    services.need_close(need=second.needs.get(role="sponsor"), by=owner)
    draft = services.version_start(owner=other)
    services.need_add(version=draft, by=other, role="confidante", domain=domain("work-life-balance"))
    with django_assert_num_queries(1):
        needs = selectors.open_needs(owners=[owner, other])
        rows = [(n.version.assessment.owner_id, n.role, n.domain.slug) for n in needs]
    assert sorted(rows) == sorted([(owner.pk, "teacher", "research"), (other.pk, "confidante", "work-life-balance")])


def test_editing_frozen_wording_makes_a_new_version(people):
    completed_version(user_of(people, "protege"))
    frozen = selectors.current_questionnaire()
    copy = services.questionnaire_new_version(questionnaire=frozen, by=user_of(people, "admin"))
    assert (copy.version, copy.sections.count()) == (2, frozen.sections.count())
    assert selectors.current_questionnaire() == copy and not copy.is_frozen
    assert Questionnaire.objects.get(slug="self-evaluation", version=1).is_frozen


def test_directors_get_a_count_of_completions_suppressed_below_five(people):
    from directory.tests.factories import ProfileFactory

    riverbend = people.riverbend
    completed_version(user_of(people, "protege"))
    colleagues = [ProfileFactory(institution=riverbend).user for _ in range(4)]
    for colleague in colleagues[:3]:
        completed_version(colleague)
    services.version_start(owner=colleagues[3])  # a draft does not count
    director = user_of(people, "director")
    assert selectors.completed_count(user=director, institution=riverbend) is None  # four
    completed_version(colleagues[3])
    assert selectors.completed_count(user=director, institution=riverbend) == 5
    with pytest.raises(NotFound):
        selectors.completed_count(user=user_of(people, "mentor"), institution=riverbend)

