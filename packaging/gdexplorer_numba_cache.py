"""Numba's on-disk cache for the frozen app: one stable directory in the user's cache.

Frozen by PyInstaller, a kernel's ``co_filename`` is relative (``gdexplorer/core/kernels.py``) and
there is no source file. Numba then falls back to its user-wide cache, in a folder named after
``os.path.abspath`` of that relative path, i.e. after the *current working directory*: every launch
from another directory compiled every kernel again (measured: 20 of 23 signatures) and left a new
cache folder behind. When the working directory happened to hold a source checkout, Numba even
wrote into that checkout's ``__pycache__``. ``NUMBA_CACHE_DIR`` is ignored in both cases.

:class:`FrozenCacheLocator` (enabled by the runtime hook ``pyi_rth_gdexplorer.py`` through
``NUMBA_CACHE_LOCATOR_CLASSES``) puts the cache of the bundled kernels in

    <user cache dir>/gdexplorer/numba/<module folder>_<hash of the executable's content>/

(``~/.cache/gdexplorer/numba`` on Linux, ``%LOCALAPPDATA%\\gdexplorer\\Cache\\numba`` on Windows,
``~/Library/Caches/gdexplorer/numba`` on macOS; ``$NUMBA_CACHE_DIR/gdexplorer`` when that is set).
The executable embeds the app's Python code (the PYZ archive), so its content hash names a build:
identical copies (the unpacked tarball, the .deb's /opt/gdexplorer) share one cache, and an upgrade
gets a new folder (Numba also stamps each entry with the same hash and ignores a mismatch). Kernels generated into real files
(``gdexplorer.core.engine``, ``gdexplorer.core.specialize``) are left to Numba's usual locators.
"""
from __future__ import annotations

import hashlib
import os
import sys

from numba.core import config
from numba.core.caching import _CacheLocator, _hash_source_file, _SourceFileBackedLocatorMixin
from numba.misc.appdirs import AppDirs


def cache_root() -> str:
    if config.CACHE_DIR:
        return os.path.join(config.CACHE_DIR, "gdexplorer")
    return os.path.join(AppDirs("gdexplorer", appauthor=False).user_cache_dir, "numba")


def executable_hash() -> bytes:
    """sha256 of the executable: the same memoized hash Numba's source stamp uses."""
    st = os.stat(sys.executable)
    return _hash_source_file(sys.executable, st.st_mtime, st.st_size)


class FrozenCacheLocator(_SourceFileBackedLocatorMixin, _CacheLocator):
    def __init__(self, py_func, py_file):
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        module_dir = os.path.dirname(py_file.replace("\\", "/"))
        key = hashlib.sha1(executable_hash() + module_dir.encode()).hexdigest()[:16]
        self._cache_path = os.path.join(cache_root(), f"{os.path.basename(module_dir) or 'top'}_{key}")

    def get_cache_path(self):
        return self._cache_path

    @classmethod
    def from_function(cls, py_func, py_file):
        if not getattr(sys, "frozen", False):
            return None
        if os.path.isabs(py_file) and os.path.exists(py_file):
            return None  # a real file (a generated kernel module): Numba's in-tree cache beside it
        self = cls(py_func, py_file)
        try:
            self.ensure_cache_path()
        except OSError:
            return None
        return self
