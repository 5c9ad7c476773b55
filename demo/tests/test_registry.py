"""The step registry: apps' steps discovered at start-up, ordered by what they wait on, each with its own stream."""
import pytest

from demo import registry
from demo.registry import DemoNetwork, DemoStep, ordered_steps
from directory import demo as directory_demo


def step(name, after=(), draws=3):
    return DemoStep(name, lambda net, rng: [rng.random() for _ in range(draws)], lambda net, rows: None, after=after)


def test_installed_apps_steps_are_discovered_at_start_up():
    names = [s.name for s in ordered_steps()]
    assert names[:3] == [directory_demo.INSTITUTIONS, directory_demo.PEOPLE, directory_demo.SIGN_INS]


def test_steps_run_after_what_they_name_and_otherwise_by_name():
    steps = [step("b.late", after=("c.first",)), step("a.any"), step("c.first"), step("a.last", after=("b.late",))]
    assert [s.name for s in ordered_steps(steps)] == ["a.any", "c.first", "b.late", "a.last"]


def test_a_step_waiting_on_a_missing_step_is_refused():
    with pytest.raises(LookupError, match="x.nowhere"):
        ordered_steps([step("a.one", after=("x.nowhere",))])


def test_steps_waiting_on_each_other_are_refused():
    with pytest.raises(ValueError, match="cycle"):
        ordered_steps([step("a.one", after=("b.two",)), step("b.two", after=("a.one",))])


def test_each_step_draws_from_a_stream_of_its_own():
    alone = DemoNetwork(seed=5, faculty=0, institutions=1, year=2026).build([step("a.one")])
    beside = DemoNetwork(seed=5, faculty=0, institutions=1, year=2026).build(
        [step("a.one"), step("0.before", draws=50), step("z.after", draws=50)])
    assert alone.rows["a.one"] == beside.rows["a.one"]
    assert beside.rows["0.before"][:3] != beside.rows["a.one"]
    other_seed = DemoNetwork(seed=6, faculty=0, institutions=1, year=2026).build([step("a.one")])
    assert other_seed.rows["a.one"] != alone.rows["a.one"]


def test_adding_a_step_keeps_the_directory_network(monkeypatch):
    before = DemoNetwork(seed=3, faculty=80, institutions=6, year=2026).build().rows
    monkeypatch.setitem(registry._STEPS, "history.any", step("history.any", after=(directory_demo.PEOPLE,), draws=500))
    after = DemoNetwork(seed=3, faculty=80, institutions=6, year=2026).build().rows
    assert after.pop("history.any")
    assert after == before


def test_sign_ins_are_gathered_from_the_steps():
    emails = [email for _, email in registry.sign_ins()]
    assert emails == list(directory_demo.SIGN_IN_EMAILS.values())


def test_a_network_needs_an_institution():
    with pytest.raises(ValueError):
        DemoNetwork(faculty=10, institutions=0)
