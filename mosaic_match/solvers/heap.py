"""The one binary max-heap of the compiled solvers: (value, index) pairs in two arrays, the larger
value first and, among equal values, the lower index first."""

from __future__ import annotations

from numba import njit


@njit(cache=True, inline="always")
def _before(v1, i1, v2, i2):
    return v1 > v2 or (v1 == v2 and i1 < i2)


@njit(cache=True)
def heap_push(hv, hi, n, v, i):
    """Add (v, i) to the heap of ``n`` entries held in ``hv``/``hi``; returns the new size."""
    pos = n
    hv[pos], hi[pos] = v, i
    while pos > 0:
        par = (pos - 1) // 2
        if _before(hv[pos], hi[pos], hv[par], hi[par]):
            hv[pos], hv[par] = hv[par], hv[pos]
            hi[pos], hi[par] = hi[par], hi[pos]
            pos = par
        else:
            break
    return n + 1


@njit(cache=True)
def heap_pop(hv, hi, n):
    """Remove the first entry; returns (its value, its index, the new size)."""
    v, i = hv[0], hi[0]
    n -= 1
    hv[0], hi[0] = hv[n], hi[n]
    pos = 0
    while True:
        lft, rgt, top = 2 * pos + 1, 2 * pos + 2, pos
        if lft < n and _before(hv[lft], hi[lft], hv[top], hi[top]):
            top = lft
        if rgt < n and _before(hv[rgt], hi[rgt], hv[top], hi[top]):
            top = rgt
        if top == pos:
            break
        hv[pos], hv[top] = hv[top], hv[pos]
        hi[pos], hi[top] = hi[top], hi[pos]
        pos = top
    return v, i, n
