"""The directory's demo network: reproducible by seed and realistic in shape."""
import hashlib
from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.models import RoleGrant, StaffRole, User
from demo.registry import DEMO_PASSWORD, DemoNetwork
from directory import demo
from directory.models import Domain, Institution, OfferedRole, Profile
from directory.tests.factories import ProfileFactory
from directory.vocabulary import ARTICLE_DOMAINS, CareerStage, MentorRole

FACULTY = 150
INSTITUTIONS = 12


def generate(**options) -> str:
    out = StringIO()
    options = {"seed": 7, "faculty": FACULTY, "institutions": INSTITUTIONS, "quiet": True, **options}
    call_command("generate_demo", stdout=out, **options)
    return out.getvalue()


def network_digest() -> str:
    """Everything the generator writes, by natural keys (e-mail, institution name), never by auto id."""
    rows = [
        sorted(Institution.objects.values_list("name", "short_name", "city", "region")),
        sorted((u.email, u.password, u.is_active, u.is_staff, u.is_superuser, u.date_joined.isoformat())
               for u in User.objects.all()),
        sorted(EmailAddress.objects.values_list("email", "verified", "primary", "user__email")),
        sorted(RoleGrant.objects.values_list("user__email", "role", "institution__name")),
    ]
    profiles = Profile.objects.select_related("user", "institution").prefetch_related("domains", "roles")
    rows.append(sorted(
        (p.user.email, p.display_name, p.degrees, p.academic_rank, p.career_start_year, p.institution.name,
         p.department, p.specialty, p.bio, p.capacity, p.accepting_now, p.mentors_remotely, p.languages,
         p.time_zone, p.listed, tuple(sorted(d.slug for d in p.domains.all())), tuple(p.offered_roles))
        for p in profiles
    ))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def faculty_profiles():
    """Generated faculty, without the five demo sign-ins."""
    return Profile.objects.exclude(user__email__in=demo.SIGN_IN_EMAILS.values())


@pytest.mark.django_db
def test_same_seed_gives_the_same_network_and_another_seed_a_different_one():
    generate()
    first = network_digest()
    generate(reset=True)
    assert network_digest() == first
    generate(reset=True, seed=8)
    assert network_digest() != first


def test_building_is_pure_and_reproducible():
    one = DemoNetwork(seed=3, faculty=200, institutions=15, year=2026).build()
    two = DemoNetwork(seed=3, faculty=200, institutions=15, year=2026).build()
    other = DemoNetwork(seed=4, faculty=200, institutions=15, year=2026).build()
    assert one.rows == two.rows
    assert one.rows[demo.PEOPLE] != other.rows[demo.PEOPLE]
    assert len({i.name for i in one.rows[demo.INSTITUTIONS]}) == 15
    assert len({p.email for p in one.rows[demo.PEOPLE]}) == 200


def test_the_network_for_a_seed_stays_the_same_from_release_to_release():
    # Pinned: a change to any step's random stream (or to what it draws) shows here. Change the
    # digest only when the network is meant to change, since people know the demo by its names.
    # Each app pins its own steps, so a step added later does not move the directory's digest.
    net = DemoNetwork(seed=3, faculty=200, institutions=15, year=2026).build()
    own = sorted((name, rows) for name, rows in net.rows.items() if name.startswith("directory."))
    digest = hashlib.sha256(repr(own).encode()).hexdigest()
    assert digest == "8cfaece347dff27ec1174a257d54879cddc1276132139fc2d875c0858c5095f7"


def test_large_networks_keep_institution_names_unique():
    net = DemoNetwork(seed=1, faculty=0, institutions=1500, year=2026).build()
    names = [i.name for i in net.rows[demo.INSTITUTIONS]]
    assert len(set(names)) == len(names) == 1500
    assert all(len(i.short_name) <= 40 for i in net.rows[demo.INSTITUTIONS])


@pytest.mark.django_db
def test_generates_the_requested_numbers_with_verified_sign_ins():
    generate()
    assert Institution.objects.count() == INSTITUTIONS
    assert faculty_profiles().count() == FACULTY
    assert User.objects.count() == FACULTY + len(demo.SIGN_IN_EMAILS)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()
    assert Domain.objects.count() == len(ARTICLE_DOMAINS)


@pytest.mark.django_db
def test_senior_and_mid_level_faculty_are_scarce():
    generate()
    profiles = list(faculty_profiles())
    stages = Counter(p.career_stage for p in profiles)
    share = {stage: stages[stage] / len(profiles) for stage in CareerStage}
    assert 0.10 <= share[CareerStage.SENIOR] <= 0.16
    assert 0.22 <= share[CareerStage.MID] <= 0.33
    assert 0.52 <= share[CareerStage.EARLY] <= 0.65
    with_senior = {p.institution_id for p in profiles if p.career_stage == CareerStage.SENIOR}
    assert 1 <= len(with_senior) < INSTITUTIONS


@pytest.mark.django_db
def test_ranks_and_capacities_fit_each_career_stage():
    generate()
    for p in faculty_profiles().prefetch_related("roles"):
        if p.career_stage == CareerStage.SENIOR:
            assert p.academic_rank in {"associate", "professor", "emeritus"}
            assert p.capacity <= 4
        elif p.career_stage == CareerStage.MID:
            assert p.academic_rank in {"assistant", "associate", "professor"}
            assert p.capacity <= 2
        else:
            assert p.academic_rank in {"fellow", "instructor", "assistant"}
            assert p.capacity <= 1
        assert not p.accepting_now or p.capacity > 0
        assert 1 <= p.domains.count() <= 4


@pytest.mark.django_db
def test_sponsor_and_agent_are_offered_only_by_mid_level_and_senior_faculty():
    generate()
    local_roles = OfferedRole.objects.filter(role__in=[MentorRole.SPONSOR, MentorRole.AGENT]).select_related("profile")
    assert local_roles.exists()
    assert {r.profile.career_stage for r in local_roles} <= {CareerStage.MID, CareerStage.SENIOR}


@pytest.mark.django_db
def test_expertise_juniors_need_most_is_scarce_among_mentors():
    generate(faculty=600, institutions=40)
    mentors = faculty_profiles().filter(capacity__gt=0, roles__isnull=False).distinct()
    experts = Counter(mentors.values_list("domains__slug", flat=True))
    assert experts["leadership"] < experts["clinical-practice"] / 2
    assert experts["career-planning"] < experts["education"] / 2


@pytest.mark.django_db
def test_every_demo_sign_in_exists_with_its_role_and_can_sign_in(client):
    generate()
    users = {key: User.objects.get(email=email) for key, email in demo.SIGN_IN_EMAILS.items()}
    for user in users.values():
        assert authenticate(email=user.email, password=DEMO_PASSWORD) == user
        assert EmailAddress.objects.get(user=user).verified

    protege = users["protege"].profile
    assert protege.career_stage == CareerStage.EARLY
    assert all([protege.display_name, protege.degrees, protege.department, protege.specialty, protege.bio,
                protege.institution_id, protege.domains.exists()])
    assert not RoleGrant.objects.filter(user=users["protege"]).exists()

    mentor = users["mentor"].profile
    assert mentor.career_stage == CareerStage.SENIOR
    assert mentor.accepting_now and mentor.capacity > 0
    assert MentorRole.SPONSOR in mentor.offered_roles and len(mentor.offered_roles) >= 3

    director = users["director"]
    assert director.is_staff and not director.is_superuser
    assert RoleGrant.objects.get(user=director).role == StaffRole.DIRECTOR
    assert RoleGrant.objects.get(user=director).institution_id == protege.institution_id
    assert RoleGrant.objects.get(user=users["ombudsperson"]).role == StaffRole.OMBUDSPERSON
    assert users["admin"].is_superuser and users["admin"].is_staff

    response = client.post("/accounts/login/", {"login": "protege@mosaic.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["protege"].pk)


@pytest.mark.django_db
def test_the_protege_works_where_no_senior_palliative_colleague_does():
    generate()
    protege = User.objects.get(email="protege@mosaic.example").profile
    colleagues = faculty_profiles().filter(institution=protege.institution_id)
    assert all(p.career_stage != CareerStage.SENIOR for p in colleagues)


@pytest.mark.django_db
def test_reset_replaces_every_person_and_institution_but_keeps_domains():
    someone = ProfileFactory(display_name="Not Generated")
    Domain.objects.create(slug="grant-writing", name="Grant writing")
    out = generate(reset=True, quiet=False)
    assert not User.objects.filter(pk=someone.user_id).exists()
    assert not Institution.objects.filter(pk=someone.institution_id).exists()
    assert Domain.objects.filter(slug="grant-writing").exists()
    assert "Generated the demo network" in out and "institutions" in out


@pytest.mark.django_db
def test_a_single_institution_network_still_has_every_sign_in():
    generate(faculty=0, institutions=1)
    assert User.objects.count() == len(demo.SIGN_IN_EMAILS)
    assert Institution.objects.count() == 1
