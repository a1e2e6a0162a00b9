"""One place that sets the Numba flags for every kernel (as numba-stats does)."""
from __future__ import annotations

import numba

# njit (nopython), cached on disk, GIL released so workers run beside the UI thread, and IEEE semantics
# for division (x/0 gives inf, not an exception): divergence is a result, not a crash.
JIT_OPTIONS = dict(cache=True, nogil=True, error_model="numpy", fastmath=False)


def jit(fn=None, **overrides):
    options = {**JIT_OPTIONS, **overrides}
    if fn is None:
        return lambda f: numba.njit(**options)(f)
    return numba.njit(**options)(fn)


def inline(fn):
    """A small helper kernel that LLVM should inline into its callers."""
    return numba.njit(inline="always", cache=True, error_model="numpy", fastmath=False)(fn)
