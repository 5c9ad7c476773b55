"""The demo steps every app registers, their order, and the network context they build and write into."""
from __future__ import annotations

import datetime as dt
import functools
import graphlib
import random
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo.bulk import give_sqlite_room, refresh_planner_statistics

DEMO_PASSWORD = "mosaic-demo-2026"
DEFAULT_SEED = 2010
DEFAULT_FACULTY = 600
DEFAULT_INSTITUTIONS = 40


@dataclass(frozen=True)
class DemoStep:
    """One stage of the demo network, named `<app>.<what>`.

    `build(network, rng)` is pure and returns rows; `write(network, rows)` stores them and returns
    what later steps need (usually ids), kept in `network.ids[name]`. `after` names the steps whose
    rows or ids this one reads. `describe` counts what was written, for the command's summary.
    `shows` are model labels whose rows mean a network is present; `removes` are model labels whose
    rows (and their dependents) a reset deletes. `sign_ins` are (label, e-mail) pairs to print.
    `stream` names the step's random stream when it is not the step's name (steps that kept the
    stream they had before steps were named by app, so their seed still gives the same rows).
    """

    name: str
    build: Callable[[DemoNetwork, random.Random], Any]
    write: Callable[[DemoNetwork, Any], Any]
    after: tuple[str, ...] = ()
    describe: Callable[[DemoNetwork, Any], dict[str, int]] | None = None
    shows: tuple[str, ...] = ()
    removes: tuple[str, ...] = ()
    sign_ins: tuple[tuple[str, str], ...] = ()
    stream: str = ""


_STEPS: dict[str, DemoStep] = {}


def register_step(step: DemoStep) -> DemoStep:
    """Add (or replace, by name) a step."""
    _STEPS[step.name] = step
    return step


def ordered_steps(steps: Iterable[DemoStep] | None = None) -> list[DemoStep]:
    """Steps with every step after those it names; steps free to run together go in name order."""
    by_name = {s.name: s for s in (_STEPS.values() if steps is None else steps)}
    sorter = graphlib.TopologicalSorter()
    for step in by_name.values():
        missing = [name for name in step.after if name not in by_name]
        if missing:
            raise LookupError(f"The demo step {step.name} runs after {', '.join(missing)}, which is not registered.")
        sorter.add(step.name, *step.after)
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        raise ValueError(f"The demo steps wait on each other in a cycle: {' -> '.join(error.args[1])}") from None
    order: list[DemoStep] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(by_name[name] for name in ready)
        sorter.done(*ready)
    return order


def sign_ins() -> list[tuple[str, str]]:
    """Every registered step's (label, e-mail) demo sign-ins, in step order."""
    return [pair for step in ordered_steps() for pair in step.sign_ins]


@dataclass
class DemoNetwork:
    """What to generate, the rows built from the seed (by step name), and what writing them returned."""

    seed: int = DEFAULT_SEED
    faculty: int = DEFAULT_FACULTY
    institutions: int = DEFAULT_INSTITUTIONS
    year: int = field(default_factory=lambda: timezone.now().year)  # career stages are counted from it
    rows: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.faculty < 0 or self.institutions < 1:
            raise ValueError("A network needs at least one institution and no negative number of faculty.")

    def rng(self, purpose: str) -> random.Random:
        """A random stream for one purpose; string seeds hash with SHA-512, so it is stable across runs."""
        return random.Random(f"mosaic-demo:{self.seed}:{purpose}")

    @functools.cached_property
    def reference_date(self) -> dt.datetime:
        """The moment the network's history is told from: the first morning of `year`."""
        return dt.datetime(self.year, 1, 1, 9, 0, tzinfo=dt.UTC)

    @functools.cached_property
    def password_hash(self) -> str:
        """The shared demo password, hashed once for everyone (Argon2 per person would take hours at 100,000).

        The salt comes from the seed, so the same seed stores the same hash.
        """
        rng = self.rng("password")
        salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22))
        return make_password(DEMO_PASSWORD, salt=salt)

    def build(self, steps: Iterable[DemoStep] | None = None) -> DemoNetwork:
        for step in ordered_steps(steps):
            self.rows[step.name] = step.build(self, self.rng(step.stream or step.name))
        return self

    def write(self, steps: Iterable[DemoStep] | None = None) -> dict[str, int]:
        """Store every built step in one transaction; returns counts of what was written."""
        counts: dict[str, int] = {}
        give_sqlite_room()
        with transaction.atomic():
            for step in ordered_steps(steps):
                self.ids[step.name] = step.write(self, self.rows[step.name])
                if step.describe:
                    counts.update(step.describe(self, self.rows[step.name]))
        refresh_planner_statistics()
        return counts
