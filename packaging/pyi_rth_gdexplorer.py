"""PyInstaller runtime hook: runs in the frozen app before gdexplorer is imported.

Route Numba's cache of the bundled kernels to a stable folder in the user's cache directory
(see gdexplorer_numba_cache.py); a locator list set by the user is respected.
"""
import os

os.environ.setdefault(
    "NUMBA_CACHE_LOCATOR_CLASSES",
    "gdexplorer_numba_cache.FrozenCacheLocator,InTreeCacheLocator,UserWideCacheLocator",
)
