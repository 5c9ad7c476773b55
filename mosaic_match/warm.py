"""Prepare the compiled kernels at install time: build the ahead-of-time module (so that a new
process solves without importing numba), the engine's bytecode, and numba's on-disk cache for the
JIT kernels (large instances, stable matching, and any solve while the module is missing or stale)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def warm(*, jit: bool = True) -> tuple[float, Path | None]:
    """Build the ahead-of-time kernel module (unless it is built from the current sources), then
    (``jit``) compile every JIT kernel into numba's cache, loading it where it is already filled;
    returns (seconds, the module's path or None when it could not be built: solves then use the
    JIT)."""
    from .solvers import compiled

    t0 = time.perf_counter()
    try:
        current = compiled.load_from(compiled.build_dir())  # already built from these sources
        path = Path(current.__file__) if current is not None else compiled.build()
    except Exception as e:  # e.g. no C compiler: everything still works, only start-up is slower
        print(f"mosaic-match: could not compile the kernels ahead of time ({type(e).__name__}: {e});"
              " solves use numba's JIT", file=sys.stderr)
        path = None
    _bytecode()
    if jit:
        for name, (_, _, spec) in compiled.KERNELS.items():
            # by argument types only: numba's cache is keyed by what it was asked to compile,
            # and a call asks by argument types (a signature with its result type is not found)
            compiled.jit(name).compile(compiled.signature(spec).args)
        # stable matching has no ahead-of-time form (it is not on the default path)
        from .problem.generate import generate_instance
        from .problem.instance import parse_instance
        from .solvers.stable import solve_stable

        solve_stable(parse_instance(generate_instance(60, 20, seed=1)))
    return time.perf_counter() - t0, path


def _bytecode() -> None:
    """Compile the engine's own modules to bytecode where the package is writable: an editable
    install gets none from the installer, and a process that may not write it (or a first run)
    would otherwise compile them on every start (a tenth of a second or more)."""
    import compileall

    package = Path(__file__).resolve().parent
    if os.access(package, os.W_OK):
        compileall.compile_dir(package, quiet=1)
