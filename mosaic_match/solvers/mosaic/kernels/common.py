"""Small helpers shared by the mosaic solver's compiled phases: value bands, searches, sorting."""

from __future__ import annotations

from numba import njit

EPS = 1e-9


@njit(cache=True, inline="always")
def band_of(gap):
    """-1 for a gap worth nothing, 0 for the 0.5 band, 1 for the 1.0 band."""
    if 5 <= gap <= 15:
        return 1
    if 1 <= gap <= 25:
        return 0
    return -1


@njit(cache=True, inline="always")
def factor(band):
    return 1.0 if band == 1 else 0.5


@njit(cache=True)
def _hash_find(keys, key, hmask):
    h = (key * 0x9E3779B1) & hmask
    while keys[h] != -1 and keys[h] != key:
        h = (h + 1) & hmask
    return h


@njit(cache=True, inline="always")
def _lower(arr, lo, hi, x):
    """First position in arr[lo:hi] (ascending) with value >= x."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if arr[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, inline="always")
def _tie(p, m):
    """A fixed pseudo-random tie-break between equally priced mentors, different per protégé, so
    that equal prices do not send every protégé to the same lowest-numbered mentors."""
    return ((m + 1) * 2654435761 + (p + 1) * 40503 * 97) & 0xFFFFFFFF


@njit(cache=True)
def _sort_desc(g, o, n):
    """Sort g[:n] descending, carrying o along (insertion sort; n is small)."""
    for a in range(1, n):
        gv = g[a]
        ov = o[a]
        b = a - 1
        while b >= 0 and g[b] < gv:
            g[b + 1] = g[b]
            o[b + 1] = o[b]
            b -= 1
        g[b + 1] = gv
        o[b + 1] = ov


@njit(cache=True, inline="always")
def _find(keys, key):
    """Position of ``key`` in the sorted array ``keys``, or -1."""
    lo = 0
    hi = keys.shape[0]
    while lo < hi:
        mid = (lo + hi) >> 1
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    if lo < keys.shape[0] and keys[lo] == key:
        return lo
    return -1
