"""PyInstaller runtime hook: runs in the frozen app before gdexplorer is imported.

Route Numba's cache of the bundled kernels to a stable folder in the user's cache directory
(see gdexplorer_numba_cache.py); a locator list set by the user is respected. Then, before Numba
reads its config, choose the kernels' CPU: the generic kernels shipped in the bundle until this
CPU's own are built (see gdexplorer_shipped_kernels.py).
"""
import os

os.environ.setdefault(
    "NUMBA_CACHE_LOCATOR_CLASSES",
    "gdexplorer_numba_cache.FrozenCacheLocator,InTreeCacheLocator,UserWideCacheLocator",
)

import gdexplorer_shipped_kernels  # noqa: E402

gdexplorer_shipped_kernels.on_start()
