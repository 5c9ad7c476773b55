"""The command line end to end, its exit codes, and the package's independence from Django."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys

import pytest

from mosaic_match.cli import main

from .conftest import M, P, doc

PKG = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture
def generated(tmp_path):
    path = tmp_path / "in.json"
    assert (
        main(["generate", "--proteges", "60", "--mentors", "20", "--seed", "7", "-o", str(path)])
        == 0
    )
    return path


@pytest.mark.parametrize("mode", [["--exact"], ["--stable"]])
def test_generate_solve_check(generated, tmp_path, mode, capsys):
    out = tmp_path / "out.json"
    assert main(["solve", str(generated), "-o", str(out), *mode]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == "mosaic-match-result/1" and result["assignments"]
    capsys.readouterr()
    assert main(["check", str(generated), str(out)]) == 0
    assert capsys.readouterr().out.startswith("valid:")


def test_generate_solve_check_with_the_default_solver(generated, tmp_path):
    pytest.importorskip("mosaic_match.solvers.mosaic.solver")
    out = tmp_path / "out.json"
    assert main(["solve", str(generated), "-o", str(out), "--time-limit", "5", "--seed", "1"]) == 0
    assert main(["check", str(generated), str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["upper_bound"] >= result["objective"]


def test_the_time_limit_is_the_whole_commands(generated, tmp_path, monkeypatch):
    # what reading took before the solver started comes off the solver's share
    import time

    import mosaic_match.cli as cli

    given = []
    real = cli.solve
    monkeypatch.setattr(cli, "solve", lambda *a, **k: given.append(k["time_limit"]) or real(*a, **k))
    args = cli.build_parser([]).parse_args(
        ["solve", str(generated), "-o", str(tmp_path / "out.json"), "--time-limit", "5"])
    assert cli.run_solve(args, time.perf_counter() - 3.0) == 0
    assert 1.0 < given[0] <= 2.0
    assert cli.run_solve(args, time.perf_counter() - 9.0) == 0
    assert given[1] == 0.0  # the limit is spent: the solver returns what it has at once


def test_solve_writes_to_standard_output(generated, capsys):
    assert main(["solve", str(generated), "--exact"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["solver"] == "exact"
    assert re.match(r"exact: objective [\d.]+, bound", captured.err)
    assert main(["solve", str(generated), "--exact", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["solver"] == "exact"


def test_generate_is_deterministic_by_seed(tmp_path):
    files = []
    for name, seed in [("a", 3), ("b", 3), ("c", 4)]:
        path = tmp_path / f"{name}.json"
        main(
            [
                "generate",
                "--proteges",
                "30",
                "--mentors",
                "10",
                "--seed",
                str(seed),
                "-o",
                str(path),
            ]
        )
        files.append(path.read_bytes())
    assert files[0] == files[1] != files[2]


def test_check_exits_one_on_a_breach(generated, tmp_path, capsys):
    out = tmp_path / "out.json"
    main(["solve", str(generated), "--exact", "-o", str(out)])
    result = json.loads(out.read_text(encoding="utf-8"))
    result["objective"] += 10
    out.write_text(json.dumps(result), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(generated), str(out)]) == 1
    assert "objective: claims" in capsys.readouterr().out


def test_malformed_input_exits_two_naming_the_field(tmp_path, capsys):
    bad = doc([P("p1", needs=[("advisor", "research", -1)])], [M()])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["solve", str(path), "--exact"]) == 2
    err = capsys.readouterr().err
    assert 'proteges[0] (id "p1"): needs[0].weight: must be a positive number' in err
    path.write_text("{not json", encoding="utf-8")
    assert main(["solve", str(path), "--stable"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing.json"), str(path)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_bad_arguments_exit_two():
    for argv in (
        ["solve", "x.json", "--exact", "--stable"],
        ["generate", "--proteges", "-3", "--mentors", "2"],
        ["solve", "x.json", "--gap", "2"],
        ["frobnicate"],
    ):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2


def test_groups_and_bench_are_wired():
    for command, module in (("groups", "mosaic_match.groups"), ("bench", "mosaic_match.bench")):
        pytest.importorskip(module)
        with pytest.raises(SystemExit) as e:
            main([command, "--help"])
        assert e.value.code == 0


def test_module_entry_point_runs_in_a_fresh_process(generated, tmp_path):
    out = tmp_path / "out.json"
    run = subprocess.run(
        [sys.executable, "-m", "mosaic_match", "solve", str(generated), "--exact", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "mosaic_match", "check", str(generated), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.startswith("valid:")


def test_console_script_is_installed(generated, tmp_path):
    script = pathlib.Path(sys.executable).parent / "mosaic-match"
    if not script.exists():
        pytest.skip("the project is not installed into this environment")
    out = tmp_path / "out.json"
    run = subprocess.run(
        [str(script), "solve", str(generated), "--stable", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["blocking_pairs"] == 0


def test_no_django_anywhere_in_the_package():
    pattern = re.compile(r"^\s*(import\s+django|from\s+django)\b", re.MULTILINE)
    offenders = [
        str(f.relative_to(PKG)) for f in PKG.rglob("*.py") if pattern.search(f.read_text("utf-8"))
    ]
    assert offenders == []
    modules = sorted(
        f"mosaic_match.{f.stem}" for f in PKG.glob("*.py") if f.stem not in ("__main__",)
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
