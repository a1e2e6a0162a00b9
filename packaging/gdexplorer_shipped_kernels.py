"""Kernels compiled at package time and shipped in the bundle: the first launch compiles nothing.

Compiling the kernels the window starts with takes 16-30 s. ``make package`` therefore runs the frozen
app once (``build_kernel_cache.sh``: ``--self-test --no-window`` with ``NUMBA_CPU_NAME=generic``) and
packs the Numba cache it wrote into ``_internal/gdexplorer-kernels.zip`` (:func:`pack`), with a
manifest naming the app version, the executable's sha256 and the CPU (``generic``: baseline x86-64,
no AVX, so it runs on any x86-64 machine).

Numba keys a cache entry on the signature, the bytecode and ``(target triple, CPU name, CPU
features)``, and an index on the source stamp (frozen: the executable's sha256) and the Numba
version. So the shipped entries load only in a process whose CPU name is ``generic`` (its features
then default to ``""``), and that must be decided before Numba reads its config. The runtime hook
calls :func:`on_start` first thing; it picks one of these modes (``$GDEXPLORER_KERNELS`` tells the
app and the self-test which one):

* ``native``: the native kernels of this build are complete (``native-<key>.ok``), or nothing was
  shipped, or the archive belongs to another build: Numba as usual (compiles for this CPU);
* ``shipped``: otherwise. ``NUMBA_CPU_NAME=generic``; the archive is unpacked into the user's cache
  once (files that exist are kept, each written atomically), and a background job is started (once:
  a lock) that compiles the same kernels for this CPU at low priority after a delay and writes
  ``native-<key>.ok``: the next launch is native. Measured: the generic batch kernels (basins,
  sweeps) run 3.5-4.5x slower than native ones (no AVX), the grid and step kernels 0-40% slower;
* ``user``: ``NUMBA_CPU_NAME`` was set by the user: left alone, nothing unpacked or started;
* ``native-build``: this process is that background job (:data:`_JOB`): native, nothing else.

Nothing here may stop the app from starting: any error leaves Numba to compile as it always did.
The markers live in the generated-kernels folder (``~/.cache/gdexplorer/kernels-VERSION``), named by
the executable's hash (``<key>``), so another build, or another version, starts over.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import zipfile

ARCHIVE = "gdexplorer-kernels.zip"
MANIFEST = "manifest.json"
FORMAT = 1
GENERIC_CPU = "generic"
MODE_ENV = "GDEXPLORER_KERNELS"
BUILD_ENV = "GDEXPLORER_NATIVE_BUILD"  # "off": never start the background job (package time, tests)
DELAY_ENV = "GDEXPLORER_NATIVE_BUILD_DELAY"
DEFAULT_DELAY_S = 20.0  # let the first window settle before a core compiles for a minute
LOCK_STALE_S = 900.0
NUMBA_PREFIX = "numba/"  # archive members under the bundled kernels' cache root (gdexplorer_numba_cache)
KERNELS_PREFIX = "kernels/"  # archive members under the generated kernels' folder (gdexplorer.core.generated)


def executable_sha256(path: str | None = None) -> str:
    h = hashlib.sha256()
    with open(path or sys.executable, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def archive_path() -> str:
    return os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), ARCHIVE)


def state_dir() -> str:
    from gdexplorer.core.generated import cache_dir  # no Numba import (it must not read its config yet)

    return str(cache_dir())


def marker(kind: str, key: str, directory: str | None = None) -> str:
    """``native-<key>.ok`` / ``.failed`` / ``.lock`` / ``.log``, ``shipped-<key>.seeded``."""
    prefix = "shipped" if kind == "seeded" else "native"
    return os.path.join(directory or state_dir(), f"{prefix}-{key[:16]}.{kind}")


def read_manifest(archive: str) -> dict | None:
    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = json.loads(zf.read(MANIFEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return manifest if isinstance(manifest, dict) else None


def manifest_problem(manifest: dict | None, exe_sha: str, version: str) -> str | None:
    """Why the archive cannot serve this executable, or None."""
    if manifest is None:
        return "no readable manifest"
    if manifest.get("format") != FORMAT:
        return f"format {manifest.get('format')!r}, not {FORMAT}"
    if manifest.get("app_version") != version:
        return f"built for gdexplorer {manifest.get('app_version')!r}, this is {version}"
    if manifest.get("executable_sha256") != exe_sha:
        return "built by another executable"
    if manifest.get("cpu_name") != GENERIC_CPU:
        return f"compiled for CPU {manifest.get('cpu_name')!r}"
    return None


def _safe_relative(name: str, prefix: str) -> str | None:
    rel = name[len(prefix):]
    parts = rel.split("/")
    if not rel or rel.endswith("/") or any(p in ("", ".", "..") for p in parts) or ":" in rel or "\\" in rel:
        return None
    return os.path.join(*parts)


def seed(archive: str, numba_root: str, kernels_root: str) -> tuple[int, int]:
    """Unpack the archive's cache files into the user's cache: (written, kept because they exist).
    Every file is checked (zip CRC) and written to a temporary name, then renamed: a crash or a full
    disk leaves whole files or none. A file already there is never overwritten (it may hold this
    user's entries)."""
    written = kept = 0
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            for prefix, root in ((NUMBA_PREFIX, numba_root), (KERNELS_PREFIX, kernels_root)):
                if info.filename.startswith(prefix):
                    rel = _safe_relative(info.filename, prefix)
                    break
            else:
                continue
            if rel is None:
                continue
            target = os.path.join(root, rel)
            if os.path.exists(target):
                kept += 1
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            data = zf.read(info)  # BadZipFile on a CRC mismatch: nothing of a damaged member is written
            tmp = f"{target}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
            written += 1
    return written, kept


def pack(cache_home: str, out: str, exe: str, version: str) -> dict:
    """Pack the Numba cache a frozen run wrote under ``XDG_CACHE_HOME=cache_home`` (package time)."""
    numba_root = os.path.join(cache_home, "gdexplorer", "numba")
    kernels_root = os.path.join(cache_home, "gdexplorer", f"kernels-{version}")
    members = []
    for prefix, root, wanted in ((NUMBA_PREFIX, numba_root, (".nbi", ".nbc")),
                                 (KERNELS_PREFIX, kernels_root, (".py", ".nbi", ".nbc"))):
        for folder, _dirs, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(wanted) and ".tmp" not in name:
                    path = os.path.join(folder, name)
                    members.append((prefix + os.path.relpath(path, root).replace(os.sep, "/"), path))
    if not any(m[0].endswith(".nbc") for m in members):
        raise SystemExit(f"error: no Numba cache under {cache_home}: did the frozen run compile anything?")
    manifest = {"format": FORMAT, "app_version": version, "executable_sha256": executable_sha256(exe),
                "cpu_name": GENERIC_CPU, "python": "%d.%d" % sys.version_info[:2], "files": len(members)}
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1))
        for name, path in sorted(members):
            zf.write(path, name)
    os.replace(tmp, out)
    return manifest


# -- the frozen app's start (runtime hook) ---------------------------------------------------------
def choose_mode(environ, archive: str, exe_sha: str, version: str, directory: str) -> str:
    if environ.get(MODE_ENV) == "native-build":
        return "native-build"
    if "NUMBA_CPU_NAME" in environ:
        return "user"
    if not os.path.exists(archive) or os.path.exists(marker("ok", exe_sha, directory)):
        return "native"
    if not os.path.exists(marker("seeded", exe_sha, directory)):
        if manifest_problem(read_manifest(archive), exe_sha, version) is not None:
            return "native"
    return "shipped"


def _lock(path: str) -> bool:
    """Create the lock file; a lock older than LOCK_STALE_S (a job that was killed) is taken over."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        try:
            if time.time() - os.path.getmtime(path) < LOCK_STALE_S:
                return False
            os.remove(path)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except OSError:
            return False
    with os.fdopen(fd, "w") as f:
        f.write(f"{os.getpid()}\n")
    return True


# The background job: a POSIX shell waits, then runs the frozen app's headless self-test natively at
# low priority (it loads or compiles every kernel the window starts with), and records the outcome.
# (Not Python code run from the runtime hook: the app's imports are not ready there, e.g. pkgutil
# finds no optimizer modules before PyInstaller's own pkgutil hook has run.)
_JOB = """sleep "$1"
t0=$(date +%s)
if nice -n 19 "$2" --self-test --no-window --timeout 1800 >"$3.log" 2>&1; then kind=ok; else kind=failed; fi
echo "seconds $(( $(date +%s) - t0 ))" >"$3.$kind.tmp" && mv "$3.$kind.tmp" "$3.$kind"
rm -f "$3.lock"
"""


def native_build_delay() -> float:
    try:
        return max(0.0, min(float(os.environ.get(DELAY_ENV, DEFAULT_DELAY_S)), 3600.0))
    except ValueError:
        return DEFAULT_DELAY_S


def start_native_build(exe_sha: str, directory: str) -> bool:
    """Start the background job that compiles this CPU's kernels (once per build; True if started)."""
    import shutil
    import subprocess

    if os.environ.get(BUILD_ENV) == "off" or os.name != "posix" or shutil.which("sh") is None:
        return False
    if any(os.path.exists(marker(k, exe_sha, directory)) for k in ("ok", "failed")):
        return False
    lock = marker("lock", exe_sha, directory)
    if not _lock(lock):
        return False
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CPU_NAME"}
    env[MODE_ENV] = "native-build"
    env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"  # a new, independent instance of the frozen app
    base = lock[: -len(".lock")]
    argv = ["sh", "-c", _JOB, "gdexplorer-native-kernels", f"{native_build_delay():g}", sys.executable, base]
    try:
        subprocess.Popen(argv, env=env, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    except OSError:
        os.remove(lock)
        return False
    return True


def on_start() -> str:
    """Called by the runtime hook before anything imports Numba; returns the mode (and sets
    ``$GDEXPLORER_KERNELS``)."""
    try:
        from gdexplorer import __version__

        directory = state_dir()
        exe_sha = executable_sha256()
        mode = choose_mode(os.environ, archive_path(), exe_sha, __version__, directory)
    except Exception:  # noqa: BLE001 - no cache state: Numba compiles as usual
        return "native"
    os.environ[MODE_ENV] = mode
    if mode != "shipped":
        return mode
    os.environ["NUMBA_CPU_NAME"] = GENERIC_CPU  # before Numba reads its config; features default to ""
    try:
        os.makedirs(directory, exist_ok=True)
        seeded = marker("seeded", exe_sha, directory)
        if not os.path.exists(seeded):
            from gdexplorer_numba_cache import cache_root  # imports Numba: only now that the CPU is set

            written, kept = seed(archive_path(), cache_root(), directory)
            with open(seeded, "w", encoding="utf-8") as f:
                json.dump({"written": written, "kept": kept}, f)
        start_native_build(exe_sha, directory)
    except Exception:  # noqa: BLE001 - whatever is missing compiles (for the generic CPU) and is cached
        pass
    return mode


if __name__ == "__main__":  # package time: python gdexplorer_shipped_kernels.py pack CACHE_HOME OUT EXE VERSION
    if len(sys.argv) != 6 or sys.argv[1] != "pack":
        raise SystemExit("usage: gdexplorer_shipped_kernels.py pack CACHE_HOME OUT.zip EXECUTABLE VERSION")
    info = pack(*sys.argv[2:])
    print(f"packed {info['files']} cache files for gdexplorer {info['app_version']} (CPU {info['cpu_name']})")
