"""Reading the input format: validation with messages naming the record and the field."""

from __future__ import annotations

import gc
import json
import math
import os
import sys

from .model import _ROLE_SET, FORMAT, RESULT_FORMAT, ROLES, InputError, Instance, Mentor, Need, Protege, Rules
from .scoring import is_eligible, pair_covers

__all__ = ["FORMAT", "RESULT_FORMAT", "ROLES", "InputError", "Instance", "Mentor", "Need", "Protege",
           "Rules", "parse_instance", "load_instance", "load_json", "ineligible_reason"]


# --- validation helpers -------------------------------------------------------------------------
# Each helper takes ``where`` (the record, e.g. 'proteges[3] (id "p4")') and the field path so the
# message tells the user exactly what to fix.


def _err(where: str, fld: str, msg: str) -> InputError:
    return InputError(f"{where}: {fld}: {msg}" if fld else f"{where}: {msg}")


def _get(obj: dict, key: str, where: str, prefix: str = ""):
    if key not in obj:
        raise _err(where, prefix + key, "missing")
    return obj[key]


def _str(obj: dict, key: str, where: str, prefix: str = "") -> str:
    v = _get(obj, key, where, prefix)
    if not isinstance(v, str) or not v.strip():
        raise _err(where, prefix + key, f"must be a non-empty string, got {v!r}")
    return v


def _int(v, where: str, fld: str, *, minimum: int | None = None) -> int:
    bad = isinstance(v, bool) or not isinstance(v, int | float)
    if bad or (isinstance(v, float) and (not math.isfinite(v) or v != int(v))):
        raise _err(where, fld, f"must be a whole number, got {v!r}")
    v = int(v)
    if minimum is not None and v < minimum:
        raise _err(where, fld, f"must be at least {minimum}, got {v}")
    return v


def _number(v, where: str, fld: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise _err(where, fld, f"must be a finite number, got {v!r}")
    return float(v)


def _list(obj: dict, key: str, where: str, *, required: bool = True) -> list:
    if key not in obj:
        if required:
            raise _err(where, key, "missing")
        return []
    v = obj[key]
    if not isinstance(v, list):
        raise _err(where, key, f"must be a list, got {type(v).__name__}")
    return v


def _role(v, where: str, fld: str) -> str:
    if v not in _ROLE_SET:
        raise _err(where, fld, f"unknown role {v!r}; expected one of {', '.join(ROLES)}")
    return v


def parse_rules(data: dict) -> Rules:
    """The ``rules`` object of a document (defaults where absent)."""
    raw = data.get("rules", {})
    where = "rules"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise _err(where, "", "must be an object")
    d = Rules()
    k = raw.get("max_mentors_per_protege", d.max_mentors_per_protege)
    k = _int(k, where, "max_mentors_per_protege", minimum=1)
    local = raw.get("local_roles", sorted(d.local_roles))
    if not isinstance(local, list):
        raise _err(where, "local_roles", "must be a list of role names")
    local_roles = frozenset(_role(r, where, f"local_roles[{i}]") for i, r in enumerate(local))
    bonus = _number(raw.get("coverage_bonus", d.coverage_bonus), where, "coverage_bonus")
    if bonus < 0:
        raise _err(where, "coverage_bonus", f"must not be negative, got {bonus}")
    return Rules(max_mentors_per_protege=k, local_roles=local_roles, coverage_bonus=bonus)


def parse_protege(i: int, raw) -> Protege:
    """Protégé record ``i`` of a document (its exclusions are not checked against the mentors)."""
    where = f"proteges[{i}]"
    if not isinstance(raw, dict):
        raise _err(where, "", "must be an object")
    pid = _str(raw, "id", where)
    where = f'proteges[{i}] (id "{pid}")'
    inst = _str(raw, "institution", where)
    year = _int(_get(raw, "career_start_year", where), where, "career_start_year")
    needs = []
    seen = set()
    for j, n in enumerate(_list(raw, "needs", where)):
        if type(n) is dict:  # fast path for well-formed needs (large generated files)
            role, domain, w = n.get("role"), n.get("domain"), n.get("weight")
            if (
                role in _ROLE_SET
                and type(domain) is str
                and domain.strip()
                and type(w) in (int, float)
                and 0 < w < math.inf
                and (role, domain) not in seen
            ):
                seen.add((role, domain))
                needs.append(Need(role, domain, float(w)))
                continue
        pre = f"needs[{j}]."
        if not isinstance(n, dict):
            raise _err(where, f"needs[{j}]", "must be an object")
        role = _role(_get(n, "role", where, pre), where, pre + "role")
        domain = _str(n, "domain", where, pre)
        w = _number(_get(n, "weight", where, pre), where, pre + "weight")
        if w <= 0:
            raise _err(where, pre + "weight", f"must be a positive number, got {w:g}")
        if (role, domain) in seen:
            raise _err(where, f"needs[{j}]", f"duplicate need {role} for {domain}")
        seen.add((role, domain))
        needs.append(Need(role, domain, w))
    exclude = _list(raw, "exclude", where, required=False)
    for j, e in enumerate(exclude):
        if not isinstance(e, str):
            raise _err(where, f"exclude[{j}]", f"must be a mentor id (string), got {e!r}")
    return Protege(pid, inst, year, tuple(needs), frozenset(exclude))


def parse_mentor(i: int, raw) -> Mentor:
    """Mentor record ``i`` of a document."""
    where = f"mentors[{i}]"
    if not isinstance(raw, dict):
        raise _err(where, "", "must be an object")
    mid = _str(raw, "id", where)
    where = f'mentors[{i}] (id "{mid}")'
    inst = _str(raw, "institution", where)
    year = _int(_get(raw, "career_start_year", where), where, "career_start_year")
    cap = _int(_get(raw, "capacity", where), where, "capacity", minimum=0)
    # the web app's name; "remote" is the format's earlier spelling, still read
    field = "mentors_remotely" if "mentors_remotely" in raw or "remote" not in raw else "remote"
    remote = raw.get(field, True)
    if not isinstance(remote, bool):
        raise _err(where, field, f"must be true or false, got {remote!r}")
    offers = set()
    for j, o in enumerate(_list(raw, "offers", where)):
        pre = f"offers[{j}]."
        if not isinstance(o, dict):
            raise _err(where, f"offers[{j}]", "must be an object")
        role = _role(_get(o, "role", where, pre), where, pre + "role")
        offers.add((role, _str(o, "domain", where, pre)))
    return Mentor(mid, inst, year, cap, remote, frozenset(offers))


def _parse_pairs(data: dict, key: str, pidx: dict, midx: dict) -> list[tuple[int, int]]:
    raw = data.get(key, [])
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _err(key, "", "must be a list of [protege id, mentor id] pairs")
    out, seen = [], set()
    for i, pair in enumerate(raw):
        where = f"{key}[{i}]"
        if isinstance(pair, dict):
            pair = [pair.get("protege"), pair.get("mentor")]
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise _err(where, "", f"must be a [protege id, mentor id] pair, got {pair!r}")
        p, m = pair
        if p not in pidx:
            raise _err(where, "protege", f"unknown protégé id {p!r}")
        if m not in midx:
            raise _err(where, "mentor", f"unknown mentor id {m!r}")
        t = (pidx[p], midx[m])
        if t in seen:
            raise _err(where, "", f"pair ({p}, {m}) listed twice")
        seen.add(t)
        out.append(t)
    return out


def parse_instance(data: dict) -> Instance:
    """Validate a ``mosaic-match/1`` document (already decoded JSON) and build an :class:`Instance`.

    Unknown fields are ignored.  Raises :class:`InputError` naming the record and field on any
    missing or invalid value, duplicate id, reference to an unknown id, or a locked pair that is not
    eligible or that breaks a capacity or the per-protégé limit."""
    # Parsing allocates millions of small immutable objects and no cycles; pausing the cyclic
    # collector while doing so halves the time on large files.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_instance(data)
    finally:
        if was_enabled:
            gc.enable()


def _parse_instance(data: dict) -> Instance:
    if not isinstance(data, dict):
        raise InputError("document: must be a JSON object")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise InputError(f'document: format: must be "{FORMAT}", got {fmt!r}')
    rules = parse_rules(data)
    proteges = [parse_protege(i, r) for i, r in enumerate(_list(data, "proteges", "document"))]
    mentors = [parse_mentor(i, r) for i, r in enumerate(_list(data, "mentors", "document"))]
    pidx: dict[str, int] = {}
    for i, p in enumerate(proteges):
        if p.id in pidx:
            raise _err(f'proteges[{i}] (id "{p.id}")', "id", f"duplicate of proteges[{pidx[p.id]}]")
        pidx[p.id] = i
    midx: dict[str, int] = {}
    for j, m in enumerate(mentors):
        if m.id in midx:
            raise _err(f'mentors[{j}] (id "{m.id}")', "id", f"duplicate of mentors[{midx[m.id]}]")
        midx[m.id] = j
    for i, p in enumerate(proteges):
        for e in sorted(p.exclude):
            if e not in midx:
                raise _err(f'proteges[{i}] (id "{p.id}")', "exclude", f"unknown mentor id {e!r}")
    locked = _parse_pairs(data, "locked", pidx, midx)
    forbidden = _parse_pairs(data, "forbidden", pidx, midx)
    inst = Instance(rules, proteges, mentors, locked, forbidden)
    _check_locked(inst)
    return inst


def _check_locked(inst: Instance) -> None:
    """Locked pairs must be eligible, not forbidden, and fit capacities and the protégé limit."""
    forb = set(inst.forbidden)
    per_p: dict[int, int] = {}
    per_m: dict[int, int] = {}
    for k, (i, j) in enumerate(inst.locked):
        p, m = inst.proteges[i], inst.mentors[j]
        where = f"locked[{k}]"
        if (i, j) in forb:
            raise _err(where, "", f"pair ({p.id}, {m.id}) is also forbidden")
        if not is_eligible(inst.rules, p, m):
            raise _err(
                where,
                "",
                f"pair ({p.id}, {m.id}) is not eligible: {ineligible_reason(inst.rules, p, m)}",
            )
        per_p[i] = per_p.get(i, 0) + 1
        per_m[j] = per_m.get(j, 0) + 1
        if per_p[i] > inst.rules.max_mentors_per_protege:
            raise _err(
                where, "", f"protégé {p.id} has more locked mentors than max_mentors_per_protege"
            )
        if per_m[j] > m.capacity:
            raise _err(where, "", f"mentor {m.id} has more locked protégés than its capacity")


def ineligible_reason(rules: Rules, p: Protege, m: Mentor) -> str:
    """Why (p, m) is not an eligible pair, in words ('' when it is eligible)."""
    if m.id in p.exclude:
        return f"{p.id} excludes {m.id}"
    if not m.mentors_remotely and m.institution != p.institution:
        return f"{m.id} mentors only at {m.institution} and {p.id} is at {p.institution}"
    if not pair_covers(rules, p, m):
        return f"{m.id} cannot cover any need of {p.id}"
    return ""


def load_instance(path: str | os.PathLike) -> Instance:
    """Read and validate an instance file; ``"-"`` reads standard input.  JSON syntax errors and
    unreadable files become :class:`InputError`."""
    return parse_instance(load_json(path))


def load_json(path: str | os.PathLike):
    """Decode a JSON file (``"-"`` = stdin); I/O and syntax errors become :class:`InputError`."""
    name = str(path)
    was_enabled = gc.isenabled()
    gc.disable()  # decoding builds millions of acyclic objects; see parse_instance
    try:
        if name == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InputError(f"{name}: cannot read: {e.strerror or e}") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{name}: not valid JSON: {e}") from e
    finally:
        if was_enabled:
            gc.enable()
