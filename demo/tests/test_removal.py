"""Removing a network: every row of the models steps declare, and what depends on them, nothing else."""
import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import RoleGrant, User
from demo.removal import delete_with_dependents, has_network, remove_network, wholly_removed
from directory.models import Domain, Institution, OfferedRole, Profile
from directory.tests.factories import ProfileFactory
from directory.vocabulary import ARTICLE_DOMAINS


def generate():
    call_command("generate_demo", seed=7, faculty=40, institutions=4, quiet=True)


def nothing_of_the_network_left() -> bool:
    return not (User.objects.exists() or Profile.objects.exists() or EmailAddress.objects.exists()
                or OfferedRole.objects.exists() or RoleGrant.objects.exists() or Institution.objects.exists()
                or Profile.domains.through.objects.exists())


@pytest.mark.django_db
def test_has_network_looks_at_the_models_steps_show():
    assert not has_network()
    User.objects.create_user(email="alone@example.org", password="x")
    assert not has_network()
    ProfileFactory()
    assert has_network()


@pytest.mark.django_db
def test_remove_network_takes_what_depends_on_people_and_institutions_and_keeps_domains():
    generate()
    remove_network()
    assert nothing_of_the_network_left()
    assert Domain.objects.count() == len(ARTICLE_DOMAINS)


@pytest.mark.django_db
def test_relation_by_relation_removal_follows_on_delete_rules():
    # The path taken when some table outside the network points into it.
    generate()
    delete_with_dependents(User.objects.all())
    delete_with_dependents(Institution.objects.all())
    assert nothing_of_the_network_left()
    assert Domain.objects.count() == len(ARTICLE_DOMAINS)


def test_wholly_removed_puts_children_before_parents():
    order = wholly_removed([User, Institution])
    assert order is not None
    assert order.index(OfferedRole) < order.index(Profile) < order.index(User)
    assert order.index(RoleGrant) < order.index(Institution)
    assert Domain not in order
