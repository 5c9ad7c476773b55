"""The ahead-of-time kernels: a mid-size solve in a new process imports no numba, they give the
JIT's results, and a module built from other sources or an argument of another type is not used."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.solvers import compiled
from mosaic_match.solvers.greedy import solve_greedy
from mosaic_match.solvers.mosaic import kernels, solver
from mosaic_match.solvers.mosaic.solver import solve_mosaic


@pytest.fixture(scope="session")
def aot_dir(tmp_path_factory) -> Path:
    """A directory holding the module built from the current sources: the installed one (after
    ``mosaic-match warm``), else one built here."""
    module = compiled.load()
    if module is not None:
        return Path(module.__file__).parent
    directory = tmp_path_factory.mktemp("aot")
    compiled.build(directory)
    return directory


@pytest.fixture(scope="session")
def aot(aot_dir):
    module = compiled.load_from(aot_dir)
    assert module is not None
    return module


def test_a_400_by_200_cli_solve_in_a_new_process_imports_no_numba(aot_dir, tmp_path):
    src, out = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(generate_instance(400, 200, seed=0)))
    code = (
        "import sys\n"
        "from mosaic_match.cli import main\n"
        f"assert main(['solve', {str(src)!r}, '-o', {str(out)!r}]) == 0\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
    )
    env = dict(os.environ, **{compiled.DIR_VARIABLE: str(aot_dir)})
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text())
    assert result["solver"] == "mosaic"
    assert result["assignments"]


def _solve(monkeypatch, inst, aot_module):
    """solve_mosaic with every kernel (the greedy's too) from the ahead-of-time module, or from
    the JIT when ``aot_module`` is None."""
    if aot_module is None:
        pick = {name: compiled.jit(name) for name in compiled.KERNELS}
    else:
        pick = {name: compiled.guarded(name, getattr(aot_module, name)) for name in compiled.KERNELS}
    monkeypatch.setattr(kernels, "for_size",
                        lambda n: SimpleNamespace(**{k: pick[k] for k in kernels.NAMES}))
    monkeypatch.setattr(compiled, "kernel", lambda name, *_: pick[name])
    sol = solve_mosaic(inst, seed=3)
    monkeypatch.undo()
    return sol


@pytest.mark.parametrize("size,seed", [((120, 40), 1), ((400, 200), 0), ((1000, 300), 2)])
def test_the_compiled_and_the_jit_kernels_give_the_same_solve(monkeypatch, aot, size, seed):
    inst = parse_instance(generate_instance(*size, seed=seed))
    a = _solve(monkeypatch, inst, aot)
    j = _solve(monkeypatch, inst, None)
    # (scarce instances: auction rounds, no polishing MIP, whose time budget would make the
    # result depend on the clock)
    assert "polish_seconds" not in a.stats and a.stats["auction_rounds"] >= 1
    assert a.pairs == j.pairs
    assert a.objective == j.objective
    assert a.upper_bound == j.upper_bound


def test_the_compiled_and_the_jit_kernels_agree_on_plentiful_capacity(monkeypatch, aot):
    """Plentiful places: subgradient steps, the greedy on prices, local search and slot prices
    (the polishing MIP is off: its time budget would make the result depend on the clock)."""
    inst = parse_instance(generate_instance(300, 150, seed=4, places_per_protege=3.0))
    monkeypatch.setattr(solver, "POLISH_MAX_PROTEGES", 0)
    a = _solve(monkeypatch, inst, aot)
    monkeypatch.setattr(solver, "POLISH_MAX_PROTEGES", 0)
    j = _solve(monkeypatch, inst, None)
    assert a.stats["iterations"] > 0 and "auction_rounds" not in a.stats
    assert (a.pairs, a.objective, a.upper_bound) == (j.pairs, j.objective, j.upper_bound)


def test_the_compiled_greedy_is_the_jit_greedy(monkeypatch, aot):
    inst = parse_instance(generate_instance(500, 150, seed=5))
    compiled_greedy = compiled.guarded("greedy", aot.greedy)
    monkeypatch.setattr(compiled, "kernel", lambda name, *_: compiled_greedy)
    a = solve_greedy(inst)
    monkeypatch.undo()
    monkeypatch.setattr(compiled, "kernel", lambda name, *_: compiled.jit(name))
    j = solve_greedy(inst)
    assert a.pairs == j.pairs and a.objective == j.objective


def test_a_module_built_from_other_sources_is_not_loaded(aot_dir, tmp_path):
    for suffix in (compiled.MODULE + ".hash", Path(compiled.load_from(aot_dir).__file__).name):
        shutil.copy(aot_dir / suffix, tmp_path / suffix)
    assert compiled.load_from(tmp_path) is not None
    (tmp_path / (compiled.MODULE + ".hash")).write_text(f"{compiled.source_hash() ^ 1}\n")
    assert compiled.load_from(tmp_path) is None
    (tmp_path / (compiled.MODULE + ".hash")).unlink()
    assert compiled.load_from(tmp_path) is None


def test_arguments_of_other_types_go_to_the_jit(aot):
    """offer_pairs lists each live mentor's pairs of offers; a strided (non-contiguous) array, or
    one of another integer type, must not reach the compiled code, which would misread it."""
    offer_pairs = compiled.guarded("offer_pairs", aot.offer_pairs)
    mo_ptr = np.array([0, 3, 5], np.int64)
    mo_off = np.array([4, 1, 2, 0, 3], np.int64)
    live = np.array([True, True])

    def run(off):
        o1, o2, m = (np.zeros(4, np.int64) for _ in range(3))
        n = offer_pairs(mo_ptr, off, live, o1, o2, m)
        return n, o1.tolist(), o2.tolist(), m.tolist()

    expected = (4, [1, 2, 1, 0], [4, 4, 2, 3], [0, 0, 0, 1])
    assert run(mo_off) == expected
    strided = np.zeros(10, np.int64)
    strided[::2] = mo_off
    assert run(strided[::2]) == expected
    assert run(mo_off.astype(np.int32)) == expected


def test_the_compiled_and_the_jit_annealing_make_the_same_moves(aot):
    """The annealing step (plentiful capacity) draws its moves from the compiled code's own
    random generator: seeded alike, both forms end at the same assignment."""
    from dataclasses import replace

    from mosaic_match.solvers.mosaic.anneal import anneal_state

    from .test_anneal import _codes, _greedy_state, _plentiful
    from .test_solver import _all_pairs_as_candidates

    inst = _plentiful(80, 3)
    enc, cands = _all_pairs_as_candidates(inst)
    start = _greedy_state(enc, cands)
    ends = []
    for pick in (lambda n: compiled.guarded(n, getattr(aot, n)), compiled.jit):
        ks = SimpleNamespace(**{n: pick(n) for n in kernels.NAMES})
        st, val = anneal_state(replace(enc, kernels=ks), start, _codes(enc, cands), cands, 60.0, 7)
        ends.append((st.pairs(), val))
    assert ends[0] == ends[1]
    assert ends[0][1] > start.value(enc)
