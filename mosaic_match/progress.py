"""Progress reporting for long solves: the ``progress(fraction, message)`` callback protocol, a tqdm
bar for the command line and a rate-limited wrapper for the web app's background job.

Protocol: a solver calls ``progress(fraction, message)`` with ``fraction`` in [0, 1], never
decreasing, and a short human-readable ``message`` (e.g. "bound 6902.0, assignment 6896.0, gap
0.087%"); the last call has fraction 1.0.  Callbacks must be cheap and must not raise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

ProgressFn = Callable[[float, str], None]


def cli_progress(*, file=None, disable: bool | None = None) -> ProgressFn:
    """A tqdm progress bar on standard error (hidden when stderr is not a terminal, unless
    ``disable=False``); returns the callback.  The bar closes itself at fraction 1.0."""
    from tqdm import tqdm

    bar = tqdm(
        total=100,
        file=file or sys.stderr,
        disable=disable,
        leave=False,
        bar_format="{desc} {percentage:3.0f}%|{bar}| {elapsed} {postfix}",
        desc="mosaic-match",
    )
    state = {"done": 0}

    def update(fraction: float, message: str) -> None:
        pct = int(round(100 * min(max(fraction, 0.0), 1.0)))
        if pct > state["done"]:
            bar.update(pct - state["done"])
            state["done"] = pct
        bar.set_postfix_str(message, refresh=True)
        if fraction >= 1.0:
            bar.close()

    return update


def throttled(callback: ProgressFn, min_interval: float = 1.0) -> ProgressFn:
    """Forward at most one call per ``min_interval`` seconds to ``callback`` (the first and the
    final fraction-1.0 call always pass), so a background job can store progress in a database
    row without writing on every solver step."""
    last = {"t": -float("inf")}

    def update(fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - last["t"] >= min_interval:
            last["t"] = now
            callback(fraction, message)

    return update
