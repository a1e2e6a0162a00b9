"""Work around PySide6 6.12.0's refcount bugs on the singletons, on Python < 3.12.

``Signal.emit()`` returns ``True`` without taking a reference, so every emit drops one reference
to ``True`` (and some call paths do the same to ``None``). Python 3.12+ makes the singletons
immortal and never notices; on 3.11 the count reaches zero after a few thousand emits (seconds of
animation) and the interpreter aborts with "Fatal Python error: bool_dealloc" (or none_dealloc).
Until the dependency is pinned to a fixed PySide6, give ``True``, ``False`` and ``None`` enough
references to outlive any session (what 3.12 does by design).
"""
from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # ~10^12 emits
_applied = False


def affected() -> bool:
    if sys.version_info >= (3, 12):
        return False
    import PySide6

    return PySide6.__version__.startswith("6.12.")


def protect_bool_refcounts() -> None:
    global _applied
    if _applied or not affected():
        return
    for singleton in (True, False, None):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _applied = True


protect_bool_refcounts()
