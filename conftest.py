"""Shared test set-up: the named people every permission test asks about.

Like healthchecks' Alice, Bob and Charlie: at Riverbend, Priya is a protégé, Marcus a mentor,
Dana the program director, Olu the ombudsperson (unlisted); at Hillcrest, Quinn is another
protégé and Nadia another mentor (unlisted); Chen directs the whole network; Ada is the site
admin; a visitor is not signed in.
"""
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import StaffRole
from directory.models import Domain
from directory.tests.factories import (
    InstitutionFactory,
    MentorProfileFactory,
    ProfileFactory,
    UserFactory,
    grant,
)
from directory.vocabulary import seed_article_domains


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
    director = ProfileFactory(display_name="Dana Whitfield", institution=riverbend, user__email="dana@example.org")
    director.user.is_staff = True
    director.user.save()
    grant(director.user, StaffRole.DIRECTOR, riverbend)
    ombudsperson = ProfileFactory(
        display_name="Olu Adeyemi", institution=riverbend, listed=False, user__email="olu@example.org"
    )
    grant(ombudsperson.user, StaffRole.OMBUDSPERSON, riverbend)
    chief = ProfileFactory(display_name="Chen Li", institution=hillcrest, user__email="chen@example.org")
    chief.user.is_staff = True
    chief.user.save()
    grant(chief.user, StaffRole.DIRECTOR)  # network-wide
    admin = UserFactory(email="ada@example.org", is_staff=True, is_superuser=True)
    return SimpleNamespace(
        riverbend=riverbend, hillcrest=hillcrest,
        protege=protege.user, mentor=mentor.user, other_protege=other_protege.user,
        other_mentor=other_mentor.user, director=director.user, ombudsperson=ombudsperson.user,
        chief=chief.user, admin=admin, visitor=AnonymousUser(),
    )


@pytest.fixture
def run_tasks():
    """Run the background worker over everything queued so far, as `manage.py db_worker` does."""
    from django.core.management import call_command

    def run():
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    return run


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see test_settings); tests need not pay for it per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
