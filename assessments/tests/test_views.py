"""Self-evaluation pages: who gets each page, the guided form and autosave, bad input, bounded queries."""
import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer, AssessmentVersion, Goal, Need, Share
from assessments.tests.helpers import completed_version, domain, filled_draft, user_of

pytestmark = pytest.mark.django_db

SELF = "self-evaluation"
OTHERS = ["other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"]


def as_user(client, people, name):
    client.force_login(user_of(people, name))
    return client


def pages(version):
    return [
        reverse("assessments:summary", args=[SELF, version.pk]),
        reverse("assessments:needs", args=[version.pk]),
        reverse("assessments:share", args=[SELF, version.pk]),
    ]


@pytest.fixture
def draft(people):
    return filled_draft(user_of(people, "protege"))


def test_visitor_is_sent_to_sign_in(client, people, draft):
    for url in [reverse("assessments:index", args=[SELF]), *pages(draft)]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_owner_gets_every_page(client, people, draft):
    c = as_user(client, people, "protege")
    for url in [reverse("assessments:index", args=[SELF]), *pages(draft),
                reverse("assessments:step", args=[SELF, draft.pk, "mission"]),
                reverse("assessments:step", args=[SELF, draft.pk, "short_term_goals"])]:
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("name", [*OTHERS, "mentor"])
def test_nobody_else_gets_a_private_draft(client, people, draft, name):
    c = as_user(client, people, name)
    for url in [*pages(draft), reverse("assessments:step", args=[SELF, draft.pk, "mission"])]:
        assert c.get(url).status_code == 404, url
    response = c.post(reverse("assessments:autosave", args=[SELF, draft.pk, "mission"]), {"text": "Mine now"})
    assert response.status_code == 404
    assert Answer.objects.get(version=draft, section__key="mission").text != "Mine now"


def test_a_shared_version_reads_for_the_mentor_only_until_revoked(client, people):
    owner = user_of(people, "protege")
    version = completed_version(owner)
    share = services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    summary = reverse("assessments:summary", args=[SELF, version.pk])
    c = as_user(client, people, "mentor")
    response = c.get(summary)
    assert response.status_code == 200 and "Clinician leader" in response.content.decode()
    assert "Priya Raman" in c.get(reverse("assessments:index", args=[SELF])).content.decode()
    # Reading is all: the owner's needs and share pages stay hers.
    assert c.get(reverse("assessments:needs", args=[version.pk])).status_code == 404
    assert c.get(reverse("assessments:share", args=[SELF, version.pk])).status_code == 404
    for name in OTHERS:
        assert as_user(client, people, name).get(summary).status_code == 404, name
    services.share_revoke(share=share, by=owner)
    assert as_user(client, people, "mentor").get(summary).status_code == 404


def test_start_lands_on_the_next_unfinished_section(client, people):
    owner = user_of(people, "protege")
    c = as_user(client, people, "protege")
    response = c.post(reverse("assessments:start", args=[SELF]))
    version = AssessmentVersion.objects.get(assessment__owner=owner)
    assert response["Location"] == reverse("assessments:step", args=[SELF, version.pk, "mission"])
    services.answer_save(version=version, by=owner, section_key="mission", text="Researcher")
    response = c.post(reverse("assessments:start", args=[SELF]))  # returning later, e.g. after signing out
    assert response["Location"] == reverse("assessments:step", args=[SELF, version.pk, "success"])
    assert AssessmentVersion.objects.count() == 1


def test_save_and_continue_without_javascript(client, people, draft):
    c = as_user(client, people, "protege")
    url = reverse("assessments:step", args=[SELF, draft.pk, "mission"])
    response = c.post(url, {"text": "Hospice director", "go": "next"})
    assert response["Location"] == reverse("assessments:step", args=[SELF, draft.pk, "success"])
    assert Answer.objects.get(version=draft, section__key="mission").text == "Hospice director"


def test_autosave_through_htmx_answers_with_a_status_line(client, people, draft):
    c = as_user(client, people, "protege")
    response = c.post(reverse("assessments:autosave", args=[SELF, draft.pk, "helps"]), {"text": "Clear deadlines"},
                      headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().strip().startswith("Saved ")
    assert Answer.objects.get(version=draft, section__key="helps").text == "Clear deadlines"


def test_autosave_of_too_long_a_text_says_so_and_keeps_the_old_text(client, people, draft):
    c = as_user(client, people, "protege")
    response = c.post(reverse("assessments:autosave", args=[SELF, draft.pk, "mission"]), {"text": "x" * 5001},
                      headers={"HX-Request": "true"})
    assert "Not saved" in response.content.decode()
    assert Answer.objects.get(version=draft, section__key="mission").text.startswith("Clinician")


def test_the_step_carries_htmx_autosave_and_no_inline_script(client, people, draft):
    html = as_user(client, people, "protege").get(reverse("assessments:step", args=[SELF, draft.pk, "success"])).content
    html = html.decode()
    assert 'hx-post="' + reverse("assessments:autosave", args=[SELF, draft.pk, "success"]) in html
    assert "home for dinner every night" in html  # the article's example as a hint
    assert "Carey" in html and "<script>" not in html and " onclick=" not in html


def test_a_bad_goal_names_the_field_and_adds_nothing(client, people, draft):
    c = as_user(client, people, "protege")
    url = reverse("assessments:goal_add", args=[SELF, draft.pk, "long_term_goals"])
    response = c.post(url, {"text": "Establish teaching rotation", "target_year": "soon"})
    assert response.status_code == 200
    assert "Enter a year such as 2030" in response.content.decode()
    assert not Goal.objects.filter(horizon="long").exists()
    response = c.post(url, {"text": "Establish teaching rotation", "target_year": "2031"})
    assert response.status_code == 302 and Goal.objects.filter(horizon="long", target_year=2031).exists()


def test_mark_a_goal_achieved(client, people, draft):
    goal = draft.goals.get()
    c = as_user(client, people, "protege")
    url = reverse("assessments:goal_update", args=[SELF, draft.pk, "short_term_goals", goal.pk])
    c.post(url, {"action": "achieved"})
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED


def test_completing_with_an_empty_mission_shows_the_message_beside_it(client, people):
    owner = user_of(people, "protege")
    version = filled_draft(owner, answers={"success": "Funding"})
    response = as_user(client, people, "protege").post(reverse("assessments:complete", args=[SELF, version.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Write something here before completing." in html
    assert html.index("What is my mission?") < html.index("Write something here")
    version.refresh_from_db()
    assert version.is_draft


def test_complete_then_the_form_is_closed(client, people, draft):
    c = as_user(client, people, "protege")
    assert c.post(reverse("assessments:complete", args=[SELF, draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft
    response = c.get(reverse("assessments:step", args=[SELF, draft.pk, "mission"]))
    assert response["Location"] == reverse("assessments:summary", args=[SELF, draft.pk])


def test_needs_page_shows_suggestions_with_their_words_and_accepts_one(client, people, draft):
    c = as_user(client, people, "protege")
    html = c.get(reverse("assessments:needs", args=[draft.pk])).content.decode()
    assert "<mark>sponsor</mark>" in html and "Must be at your institution" in html
    response = c.post(reverse("assessments:suggestion", args=[draft.pk]),
                      {"action": "accept", "role": "sponsor", "domain": domain("career-planning").pk})
    assert response.status_code == 302
    assert Need.objects.get(version=draft).triggers == ["sponsor"]


def test_a_need_without_a_role_names_the_field_on_the_page(client, people, draft):
    c = as_user(client, people, "protege")
    response = c.post(reverse("assessments:needs", args=[draft.pk]),
                      {"role": "", "domain": domain("research").pk, "priority": "high"})
    assert response.status_code == 200
    assert "Choose the mentor role you need." in response.context["add_form"].errors["role"]
    assert not Need.objects.exists()


def test_share_page_finds_a_colleague_shares_and_revokes(client, people):
    owner = user_of(people, "protege")
    version = completed_version(owner)
    c = as_user(client, people, "protege")
    url = reverse("assessments:share", args=[SELF, version.pk])
    html = c.get(url, {"q": "marcus"}).content.decode()
    assert "Marcus Bell" in html
    mentor_profile = user_of(people, "mentor").profile
    assert c.post(url, {"profile": mentor_profile.pk}).status_code == 302
    share = Share.objects.get()
    assert "Marcus Bell" in c.get(url).content.decode()
    # An unlisted colleague the owner cannot see in the directory is refused, with the reason.
    hidden = user_of(people, "other_mentor").profile
    response = c.post(url, {"profile": hidden.pk})
    assert "Choose a colleague from the directory." in response.content.decode()
    c.post(reverse("assessments:share_revoke", args=[SELF, version.pk, share.pk]))
    share.refresh_from_db()
    assert not share.is_live and Share.objects.count() == 1


def test_compare_page_shows_the_goal_achieved_and_the_new_need(client, people):
    owner = user_of(people, "protege")
    first = completed_version(owner)
    second = services.version_start(owner=owner)
    services.goal_set_status(goal=second.goals.get(), by=owner, status="achieved")
    services.need_add(version=second, by=owner, role="teacher", domain=domain("education"))
    services.version_complete(version=second, by=owner)
    compare = reverse("assessments:compare", args=[SELF])
    response = as_user(client, people, "protege").get(compare, {"a": first.pk, "b": second.pk})
    c = response.context["c"]
    assert [g.text for g in c.goals_achieved] == ["Build leadership skills"]
    assert [n.role for n in c.needs_added] == ["teacher"]
    # The director has no versions of their own: sent to their own (empty) list, learning nothing.
    assert as_user(client, people, "director").get(compare, {"a": first.pk, "b": second.pk}).status_code == 302


def _grow(owner, versions=3, goals=6, needs=6):
    domains = [domain(s) for s in ("research", "leadership", "education", "career-planning", "administration",
                                    "work-life-balance", "team-building")]
    for _ in range(versions):
        version = filled_draft(owner, goals=[f"Goal {i}" for i in range(goals)])
        for d in domains[:needs]:
            if not version.needs.filter(role="teacher", domain=d).exists():
                services.need_add(version=version, by=owner, role="teacher", domain=d)
        services.version_complete(version=version, by=owner)
    return services.version_start(owner=owner)


@pytest.mark.parametrize("size", [1, 4])
def test_pages_do_a_bounded_number_of_queries(client, people, django_assert_max_num_queries, size):
    owner = user_of(people, "protege")
    draft = _grow(owner, versions=size, goals=2 * size, needs=min(6, 2 * size))
    services.share_grant(version=draft, by=owner, with_user=user_of(people, "mentor"))
    c = as_user(client, people, "protege")
    urls = [reverse("assessments:index", args=[SELF]), *pages(draft), reverse("assessments:compare", args=[SELF]),
            reverse("assessments:step", args=[SELF, draft.pk, "mission"]),
            reverse("assessments:step", args=[SELF, draft.pk, "short_term_goals"])]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert c.get(url, {"q": "marcus"} if "share" in url else {}).status_code == 200, url


def test_colleagues_who_already_read_it_are_not_offered_again(client, people):
    owner = user_of(people, "protege")
    version = completed_version(owner)
    services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    response = as_user(client, people, "protege").get(reverse("assessments:share", args=[SELF, version.pk]),
                                                      {"q": "marcus"})
    assert response.context["candidates"] == [] and [s.with_user for s in response.context["live"]] == [
        user_of(people, "mentor")
    ]


def test_a_completed_versions_needs_are_read_only(client, people):
    owner = user_of(people, "protege")
    version = completed_version(owner)
    Need.objects.create(version=version, role="teacher", domain=domain("research"))
    c = as_user(client, people, "protege")
    url = reverse("assessments:needs", args=[version.pk])
    html = c.get(url).content.decode()
    assert "Start a new version" in html and "Add a need of your own" not in html
    response = c.post(url, {"role": "advisor", "domain": domain("leadership").pk, "priority": "high"})
    assert response.status_code == 302 and Need.objects.count() == 1
    response = c.post(reverse("assessments:autosave", args=[SELF, version.pk, "mission"]), {"text": "Changed"},
                      headers={"HX-Request": "true"})
    assert "Not saved" in response.content.decode()
    assert Answer.objects.get(version=version, section__key="mission").text.startswith("Clinician")


@pytest.mark.parametrize("size", [1, 4])
def test_a_shared_summary_reads_in_a_bounded_number_of_queries(client, people, django_assert_max_num_queries, size):
    owner = user_of(people, "protege")
    _grow(owner, versions=size, goals=2 * size, needs=min(6, 2 * size))
    version = AssessmentVersion.objects.filter(status="completed").order_by("-number").first()
    services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    c = as_user(client, people, "mentor")
    with django_assert_max_num_queries(12):
        assert c.get(reverse("assessments:summary", args=[SELF, version.pk])).status_code == 200
