"""Shared test set-up: the named people every permission test asks about.

Like healthchecks' Alice, Bob and Charlie: at Riverbend, Priya is a protégé, Marcus a mentor,
Dana the program director, Olu the ombudsperson (unlisted); at Hillcrest, Quinn is another
protégé, Nadia another mentor (unlisted) and Hana the ombudsperson (unlisted); Chen directs
the whole network; Ada is the site admin (no profile); a visitor is not signed in (an anonymous user, no profile).

Each person is a `Person`: `people.protege.user` signs in, `people.protege.profile` is theirs.
`people.riverbend` and `people.hillcrest` are the two institutions; `claimant` is Sam, whose
Riverbend affiliation is only claimed.
"""
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import StaffRole, User
from accounts.tests.factories import UserFactory, grant
from directory.models import Domain, Profile
from directory.tests.factories import InstitutionFactory, MentorProfileFactory, ProfileFactory
from directory.vocabulary import seed_article_domains


@dataclass(frozen=True)
class Person:
    """A named test person: the account that signs in and the profile (None without one)."""

    user: User | AnonymousUser
    profile: Profile | None


class People(SimpleNamespace):
    """The named people and institutions; `people.user("mentor")` is a person's account by name."""

    def user(self, name: str):
        return getattr(self, name).user


def _person(profile: Profile) -> Person:
    return Person(user=profile.user, profile=profile)


def _staff(profile: Profile) -> Profile:
    profile.user.is_staff = True
    profile.user.save()
    return profile


@pytest.fixture
def people(db):
    # Transactional tests (browser journeys) flush the tables, seeded domains included.
    seed_article_domains(Domain)
    riverbend = InstitutionFactory(name="Riverbend University Medical Center", short_name="Riverbend")
    hillcrest = InstitutionFactory(name="Hillcrest Cancer Institute", short_name="Hillcrest")
    protege = ProfileFactory(display_name="Priya Raman", institution=riverbend, user__email="priya@example.org")
    mentor = MentorProfileFactory(display_name="Marcus Bell", institution=riverbend, user__email="marcus@example.org")
    other_protege = ProfileFactory(display_name="Quinn Ortiz", institution=hillcrest, user__email="quinn@example.org")
    other_mentor = MentorProfileFactory(
        display_name="Nadia Petrova", institution=hillcrest, listed=False, user__email="nadia@example.org"
    )
    director = _staff(ProfileFactory(display_name="Dana Whitfield", institution=riverbend,
                                     user__email="dana@example.org"))
    grant(director.user, StaffRole.DIRECTOR, riverbend)
    ombudsperson = ProfileFactory(
        display_name="Olu Adeyemi", institution=riverbend, listed=False, user__email="olu@example.org"
    )
    grant(ombudsperson.user, StaffRole.OMBUDSPERSON, riverbend)
    far_ombudsperson = ProfileFactory(
        display_name="Hana Sato", institution=hillcrest, listed=False, user__email="hana@example.org"
    )
    grant(far_ombudsperson.user, StaffRole.OMBUDSPERSON, hillcrest)
    chief = _staff(ProfileFactory(display_name="Chen Li", institution=hillcrest, user__email="chen@example.org"))
    grant(chief.user, StaffRole.DIRECTOR)  # network-wide
    admin = UserFactory(email="ada@example.org", is_staff=True, is_superuser=True)
    return People(
        riverbend=riverbend, hillcrest=hillcrest,
        protege=_person(protege), mentor=_person(mentor), other_protege=_person(other_protege),
        other_mentor=_person(other_mentor), director=_person(director), ombudsperson=_person(ombudsperson),
        far_ombudsperson=_person(far_ombudsperson),
        chief=_person(chief), admin=Person(user=admin, profile=None),
        visitor=Person(user=AnonymousUser(), profile=None),
    )


@pytest.fixture
def claimant(people) -> Person:
    """Sam, listed and accepting nothing, who claims Riverbend but is not confirmed there.

    A fixture of its own rather than one of `people`, so the tables' figures stay as they are; an
    app's own tests/conftest.py adds people the same way, on top of `people`.
    """
    return _person(ProfileFactory(claimed=True, display_name="Sam Claimer", institution=people.riverbend,
                                  user__email="sam@example.org"))


@pytest.fixture
def run_tasks():
    """Run the background worker over everything queued so far, as `manage.py db_worker` does.

    The worker closes connections it thinks stale between tasks; inside a test's transaction that
    would end the test's own connection, so, as Django's test client does for requests, that is off.
    """
    from unittest import mock

    from django.core.management import call_command

    def run():
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    return run


@pytest.fixture(autouse=True)
def _recommendation_pool_checked_every_time(settings):
    # Each test's data is rolled back: a pool prepared by the previous test must be re-checked.
    settings.MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see test_settings); tests need not pay for it per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
