"""The solvers' kernels compiled ahead of time into one extension module, so that a new process
solves without importing numba (about 2 s of start-up); numba's JIT serves when it is missing.

``mosaic-match warm`` builds the module (:func:`build`, numba's ``pycc`` and a C compiler) from
the very Python functions the JIT compiles, with the signatures of :data:`KERNELS`.  It is
written beside this file when the package directory is writable, else to
``$XDG_CACHE_HOME/mosaic-match`` (``~/.cache/mosaic-match``); ``MOSAIC_MATCH_KERNELS_DIR``
names another directory (then the only one looked in).  The module carries a hash of the kernel
sources (and of NumPy's and Python's versions): one built from other sources is never
used, and a kernel called with arguments of other types than its signature's goes to the JIT.
The ahead-of-time kernels are serial (``prange`` runs as ``range``; the chunks are independent,
so the results are the same as the parallel JIT's).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

MODULE = "_aot_kernels"
DIR_VARIABLE = "MOSAIC_MATCH_KERNELS_DIR"
_HERE = Path(__file__).resolve().parent

# name: (module under mosaic_match.solvers, function, "result <- arguments").  Types: i int64,
# f float64, b bool; followed by a digit, a C-contiguous array of that many dimensions; (x y) a
# tuple.  They are the types the solvers pass (what the JIT compiles for them).
KERNELS = {
    "anneal": ("mosaic.kernels.anneal", "anneal",
               "f <- i f f i f i1 f1 i1 i1 i1 i1 i1 i1 i1 i1 i2 i2 b2 i1 f1"),
    "anneal_seed": ("mosaic.kernels.anneal", "anneal_seed", "i <- i"),
    "auction": ("mosaic.kernels.auction", "auction",
                "(i i) <- f i i i f i1 f1 i1 i1 i1 i1 i1 i1 i1 f1 i2 i2 b2 i1 i1 b1"),
    "build_rmq": ("mosaic.kernels.pricing", "build_rmq", "i <- i1 f1 i1 i2"),
    "free_floor": ("mosaic.kernels.floors", "free_floor",
                   "i <- f i i1 i1 i1 i1 f1 b1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i i i1 i1 i1 i1 i1"
                   " i1 i1 i1 i1 i1 i1 i1 i1 f4 i4 f2 i2 i2"),
    "greedy_priced": ("mosaic.kernels.assignment", "greedy_priced",
                      "i <- f f1 i f i1 f1 i1 i1 i1 i1 i1 i1 i1 i1 i2 i2 b2 i1"),
    "local_search": ("mosaic.kernels.assignment", "local_search",
                     "(i f) <- i1 i i f i1 f1 i1 i1 i1 i1 i1 i1 i1 i2 i2 b2 i1"),
    "merge_cands": ("mosaic.kernels.assignment", "merge_cands", "i <- i i1 i1 i1 i2 i2 i1 i1 i1 i1"),
    "offer_pairs": ("mosaic.kernels.pricing", "offer_pairs", "i <- i1 i1 b1 i1 i1 i1"),
    "price_cand": ("mosaic.kernels.pricing", "price_cand", "i <- f1 i f i i1 f1 i1 f1 i1 i1 i1 f1 i2"),
    "price_full": ("mosaic.kernels.pricing", "price_full",
                   "i <- f1 i f i i i b i b i1 i1 i1 i1 f1 b1 i1 f1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1"
                   " i1 i i1 i1 b1 i1 i1 i1 i2 i2 i2 b i i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 f1 i2"
                   " i2 i2 i1 i1"),
    "scores": ("mosaic.kernels.anneal", "scores", "i <- i f i1 f1 i2 i1 f1"),
    "slot_prices": ("mosaic.kernels.assignment", "slot_prices",
                    "i <- i f i1 f1 i1 i1 i1 i1 i2 i2 b2 i1 f1"),
    "slots_to_holders": ("mosaic.kernels.auction", "slots_to_holders", "i <- i1 i1 i1 i1 i1 i1"),
    "spread_floor": ("mosaic.kernels.floors", "spread_floor", "i <- i f3 i3 i1 i1 i1 f1 i1 i1"),
    "greedy": ("greedy_kernels", "greedy",
               "(i1 i) <- i i i f i1 i1 f1 b1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 i1 f1"),
}


def sources() -> list[Path]:
    """The files whose code the module holds: every kernel and what they call, and this one."""
    return sorted([*(_HERE / "mosaic" / "kernels").glob("*.py"), _HERE / "heap.py",
                   _HERE / "greedy_kernels.py", Path(__file__).resolve()])


@functools.cache
def source_hash() -> int:
    """63 bits of a SHA-256 over the kernel sources and what the binary is linked against
    (NumPy's version and Python's; the build is self-contained otherwise)."""
    import numpy as np

    h = hashlib.sha256()
    for path in sources():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"numpy={np.__version__}\0{sys.implementation.cache_tag}\0".encode())
    return int(h.hexdigest()[:15], 16)


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mosaic-match"


def search_dirs() -> list[Path]:
    """Where :func:`load` looks, in order."""
    if os.environ.get(DIR_VARIABLE):
        return [Path(os.environ[DIR_VARIABLE])]
    return [_HERE, cache_dir()]


def build_dir() -> Path:
    """Where :func:`build` writes: the first writable place :func:`load` looks in."""
    if os.environ.get(DIR_VARIABLE):
        return Path(os.environ[DIR_VARIABLE])
    return _HERE if os.access(_HERE, os.W_OK) else cache_dir()


def _file(directory: Path) -> Path:
    return directory / (MODULE + importlib.machinery.EXTENSION_SUFFIXES[0])


def _stamp(directory: Path) -> Path:
    return directory / (MODULE + ".hash")


def load_from(directory: Path):
    """The module in ``directory`` if it was built from the current sources, else None.  The
    stamp beside it is read first, so that a binary built against other versions is never
    loaded; the hash inside it is compared again."""
    path, stamp = _file(directory), _stamp(directory)
    try:
        if int(stamp.read_text().strip()) != source_hash() or not path.is_file():
            return None
    except (OSError, ValueError):
        return None
    spec = importlib.util.spec_from_file_location(f"{__package__}.{MODULE}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        return None
    return module if module.source_hash() == source_hash() else None


@functools.cache
def load():
    """The ahead-of-time module built from the current sources, or None (loaded once)."""
    for directory in search_dirs():
        module = load_from(directory)
        if module is not None:
            return module
    return None


def jit(name: str):
    """The numba JIT dispatcher of kernel ``name`` (imports numba)."""
    mod, fn, _ = KERNELS[name]
    return getattr(importlib.import_module(f"{__package__}.{mod}"), fn)


def _arguments(name: str) -> list[str]:
    return KERNELS[name][2].split(" <- ")[1].split()


def guarded(name: str, fn):
    """``fn`` (the ahead-of-time kernel ``name``) behind a check of its arguments against the
    signature: the compiled code trusts them, so any other type, a non-contiguous or read-only
    array goes to the JIT instead (which then compiles for it, as it always did)."""
    import numpy as np

    dtypes = {"i": np.dtype(np.int64), "f": np.dtype(np.float64), "b": np.dtype(np.bool_)}
    scalars = {"i": (int, np.int64), "f": (float, np.float64), "b": (bool, np.bool_)}
    arrays, plain = [], []
    for k, code in enumerate(_arguments(name)):
        if len(code) > 1:
            arrays.append((k, dtypes[code[0]], int(code[1:])))
        else:
            plain.append((k, scalars[code[0]]))
    n_args = len(arrays) + len(plain)

    def call(*args):
        ok = len(args) == n_args
        if ok:
            for k, types in plain:
                if type(args[k]) not in types:
                    ok = False
                    break
        if ok:
            for k, dtype, ndim in arrays:
                a = args[k]
                if (type(a) is not np.ndarray or a.dtype != dtype or a.ndim != ndim
                        or not a.flags.c_contiguous or not a.flags.writeable or not a.flags.aligned):
                    ok = False
                    break
        return fn(*args) if ok else jit(name)(*args)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"Ahead-of-time compiled {name} (see mosaic_match.solvers.compiled)."
    return call


@functools.cache
def kernel(name: str, compiled: bool = True):
    """Kernel ``name``: from the ahead-of-time module when ``compiled`` and it is there and
    current, else the JIT dispatcher."""
    module = load() if compiled else None
    if module is None:
        return jit(name)
    return guarded(name, getattr(module, name))


def _numba_type(code: str):
    from numba import types

    if code.startswith("("):
        return types.Tuple([_numba_type(c) for c in code[1:-1].split()])
    base = {"i": types.int64, "f": types.float64, "b": types.boolean}[code[0]]
    return types.Array(base, int(code[1:]), "C") if len(code) > 1 else base


def signature(spec: str):
    """The numba signature of a :data:`KERNELS` spec."""
    result, args = spec.split(" <- ")
    return _numba_type(result)(*(_numba_type(a) for a in args.split()))


def _constant(value: int):
    def source_hash():
        return value

    return source_hash


def build(directory: str | os.PathLike | None = None) -> Path:
    """Compile every kernel of :data:`KERNELS` into the extension module in ``directory``
    (default :func:`build_dir`) and return its path.  It is compiled in a scratch directory and
    moved into place, so a process loading it meanwhile sees the old one or the new one."""
    from numba.pycc import CC

    target = Path(directory) if directory is not None else build_dir()
    target.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".aot-build-", dir=target))
    try:
        cc = CC(MODULE)
        cc.output_dir = str(scratch)
        cc.verbose = False
        for name, (mod, fn, spec) in KERNELS.items():
            py_func = getattr(importlib.import_module(f"{__package__}.{mod}"), fn).py_func
            cc.export(name, signature(spec))(py_func)
        cc.export("source_hash", "i8()")(_constant(source_hash()))
        cc.compile()
        built = next(scratch.glob(MODULE + "*" + importlib.machinery.EXTENSION_SUFFIXES[0]))
        os.replace(built, _file(target))
        tmp_stamp = scratch / "stamp"
        tmp_stamp.write_text(f"{source_hash()}\n")
        os.replace(tmp_stamp, _stamp(target))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load.cache_clear()
    kernel.cache_clear()
    return _file(target)
