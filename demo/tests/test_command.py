"""generate_demo: re-runnable (--if-empty, --reset), never on production, and open to every app's steps."""
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from demo import registry
from demo.registry import DEMO_PASSWORD, DemoStep
from directory.demo import PEOPLE
from directory.models import Profile

FACULTY = 60
INSTITUTIONS = 6


def generate(**options) -> str:
    out = StringIO()
    options = {"seed": 7, "faculty": FACULTY, "institutions": INSTITUTIONS, "quiet": True, **options}
    call_command("generate_demo", stdout=out, **options)
    return out.getvalue()


def database_snapshot() -> list:
    """Every row of every table, ids included: what "left untouched" means."""
    models = apps.get_models(include_auto_created=True)
    return [sorted(map(repr, model._base_manager.values_list())) for model in models]


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_network_untouched():
    generate()
    before = database_snapshot()
    out = generate(seed=99, if_empty=True)
    assert database_snapshot() == before
    assert "protege@mosaic.example" in out and DEMO_PASSWORD in out


@pytest.mark.django_db
def test_if_empty_generates_into_an_empty_database():
    generate(if_empty=True)
    assert Profile.objects.count() == FACULTY + len(registry.sign_ins())


@pytest.mark.django_db
def test_an_account_without_a_profile_is_not_a_network():
    # A site admin created before the demo must not stop `--if-empty` from generating one.
    User.objects.create_superuser(email="first@example.org", password="x")
    generate(if_empty=True)
    assert Profile.objects.count() == FACULTY + len(registry.sign_ins())


@pytest.mark.django_db
def test_refuses_to_add_to_existing_data_without_reset():
    generate()
    before = database_snapshot()
    with pytest.raises(CommandError, match="--reset"):
        generate(seed=99)
    assert database_snapshot() == before


@pytest.mark.django_db
def test_reset_replaces_the_network_with_the_new_seed():
    generate()
    first = set(User.objects.values_list("email", flat=True))
    generate(seed=8, reset=True)
    emails = set(User.objects.values_list("email", flat=True))
    assert len(emails) == FACULTY + len(registry.sign_ins())
    assert emails != first
    assert first & emails == {email for _, email in registry.sign_ins()}


@pytest.mark.django_db
def test_later_capabilities_can_add_a_step(monkeypatch):
    seen = {}

    def build(net, rng):
        return [p.email for p in net.rows[PEOPLE] if p.capacity][:3]

    def write(net, emails):
        seen["people"] = len(net.ids[PEOPLE])
        seen["mentors"] = emails
        return "kept"

    monkeypatch.setitem(registry._STEPS, "history.meetings", DemoStep(
        "history.meetings", build, write, after=(PEOPLE,), describe=lambda net, rows: {"meetings": len(rows)},
        sign_ins=(("Historian", "protege@mosaic.example"),)))
    out = generate(quiet=False)
    assert seen["people"] == FACULTY
    assert len(seen["mentors"]) == 3
    names = [s.name for s in registry.ordered_steps()]
    assert "history.meetings" in names and names.index("history.meetings") > names.index(PEOPLE)
    assert "meetings" in out and "Historian" in out


@pytest.mark.django_db
def test_never_runs_on_a_production_site(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        generate(if_empty=True)
    assert not User.objects.exists()
