"""The kernels shipped in the bundle (packaging/gdexplorer_shipped_kernels.py), without a frozen build.

The frozen round trip (package time compiles for a generic CPU, a fresh install loads them and compiles
none, the background job builds this CPU's) runs in `make package` (build_kernel_cache.sh) and `make
package-check`. Here: Numba's own behaviour the design rests on (a cache written for the generic CPU
loads only in a generic process, beside native entries), pack and seed, the checks that make a stale
or damaged archive harmless, the choice of mode, the runtime hook's start in a fresh process, and the
background job's markers.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gdexplorer import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import gdexplorer_shipped_kernels as shipped  # noqa: E402

KERNEL = '''
import numba

@numba.njit(cache=True)
def axpy(a, x, y):
    return a * x + y
'''
RUN_KERNEL = '''
import sys
sys.path.insert(0, sys.argv[1])
import kern
from numba.core import config
assert kern.axpy(2.0, 3.0, 1.0) == 7.0
stats = kern.axpy.stats
print(sum(stats.cache_hits.values()), sum(stats.cache_misses.values()), config.CPU_NAME, repr(config.CPU_FEATURES))
'''


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NUMBA_", "GDEXPLORER_")) and k != "XDG_CACHE_HOME"}
    env.update(extra)
    return env


def run_kernel(tmp_path: Path, cpu: str | None) -> tuple[int, int, str, str]:
    env = clean_env(NUMBA_CACHE_DIR=str(tmp_path / "nb"))
    if cpu:
        env["NUMBA_CPU_NAME"] = cpu
    proc = subprocess.run([sys.executable, "-c", RUN_KERNEL, str(tmp_path)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    hits, misses, name, features = proc.stdout.split()
    return int(hits), int(misses), name, features


def test_numba_keys_its_cache_on_the_cpu_name_and_keeps_both(tmp_path):
    """numba/core/caching.py: the index key holds codegen.magic_tuple() = (triple, CPU name, features);
    NUMBA_CPU_NAME=generic defaults NUMBA_CPU_FEATURES to ''. So generic entries load in any generic
    process, a native process compiles its own beside them, and neither evicts the other."""
    (tmp_path / "kern.py").write_text(KERNEL)
    assert run_kernel(tmp_path, "generic") == (0, 1, "generic", "''")  # package time: compiled
    assert run_kernel(tmp_path, "generic")[:2] == (1, 0)  # a first launch: loaded
    hits, misses, name, _ = run_kernel(tmp_path, None)  # a native process does not take them
    assert (hits, misses, name) == (0, 1, "None")
    assert run_kernel(tmp_path, None)[:2] == (1, 0)
    assert run_kernel(tmp_path, "generic")[:2] == (1, 0)  # both entries live in one index


def fake_cache(home: Path) -> dict[str, bytes]:
    """A cache as a frozen run leaves it under XDG_CACHE_HOME=home; returns archive name -> content."""
    files = {
        "numba/core_0123/kernels.forward-240.py311.nbi": b"index",
        "numba/core_0123/kernels.forward-240.py311.1.nbc": b"machine code" * 100,
        "numba/optimizers_4567/adam.adam_update-43.py311.nbi": b"index 2",
        "kernels/engine_abc.py": b"# generated\n",
        "kernels/__pycache__/engine_abc.update-28.py311.nbi": b"index 3",
        "kernels/__pycache__/engine_abc.update-28.py311.1.nbc": b"code 3",
    }
    roots = {"numba/": home / "gdexplorer" / "numba", "kernels/": home / "gdexplorer" / f"kernels-{__version__}"}
    for name, data in files.items():
        prefix = name.split("/")[0] + "/"
        path = roots[prefix] / name[len(prefix):]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    # what must not be shipped: a half-written file, the job's state, bytecode
    (roots["numba/"] / "core_0123" / "kernels.forward-240.py311.nbi.tmp.0a1b").write_bytes(b"partial")
    (roots["kernels/"] / "native-0123.lock").write_text("1\n")
    (roots["kernels/"] / "__pycache__" / "engine_abc.cpython-311.pyc").write_bytes(b"pyc")
    return files


def test_pack_then_seed_restores_every_file_and_keeps_the_users(tmp_path):
    files = fake_cache(tmp_path / "build")
    exe = tmp_path / "gdexplorer"
    exe.write_bytes(b"\x7fELF the executable")
    archive = tmp_path / "kernels.zip"
    manifest = shipped.pack(str(tmp_path / "build"), str(archive), str(exe), __version__)
    assert manifest["files"] == len(files) and manifest["cpu_name"] == "generic"
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == sorted([shipped.MANIFEST, *files])
    assert shipped.read_manifest(str(archive)) == manifest
    assert shipped.manifest_problem(manifest, shipped.executable_sha256(str(exe)), __version__) is None

    numba_root, kernels_root = tmp_path / "user" / "numba", tmp_path / "user" / "kernels"
    mine = kernels_root / "__pycache__" / "engine_abc.update-28.py311.nbi"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"this user's own index")
    assert shipped.seed(str(archive), str(numba_root), str(kernels_root)) == (len(files) - 1, 1)
    for name, data in files.items():
        root, rel = (numba_root, name[6:]) if name.startswith("numba/") else (kernels_root, name[8:])
        assert (root / rel).read_bytes() == (b"this user's own index" if root / rel == mine else data)
    assert shipped.seed(str(archive), str(numba_root), str(kernels_root)) == (0, len(files))
    assert not list(tmp_path.glob("user/**/*.tmp"))


def test_a_stale_or_foreign_archive_is_refused_with_the_reason(tmp_path):
    good = {"format": shipped.FORMAT, "app_version": "1.2.0", "executable_sha256": "ab" * 32, "cpu_name": "generic"}
    assert shipped.manifest_problem(good, "ab" * 32, "1.2.0") is None
    assert shipped.manifest_problem(good, "ab" * 32, "1.3.0") == "built for gdexplorer '1.2.0', this is 1.3.0"
    assert shipped.manifest_problem(good, "cd" * 32, "1.2.0") == "built by another executable"
    assert shipped.manifest_problem({**good, "cpu_name": "znver4"}, "ab" * 32, "1.2.0") == "compiled for CPU 'znver4'"
    assert shipped.manifest_problem({**good, "format": 0}, "ab" * 32, "1.2.0") == "format 0, not 1"
    assert shipped.manifest_problem(None, "ab" * 32, "1.2.0") == "no readable manifest"
    truncated = tmp_path / "truncated.zip"
    with zipfile.ZipFile(truncated, "w") as zf:
        zf.writestr(shipped.MANIFEST, json.dumps(good))
    truncated.write_bytes(truncated.read_bytes()[:-30])
    assert shipped.read_manifest(str(truncated)) is None
    assert shipped.read_manifest(str(tmp_path / "absent.zip")) is None


def test_a_damaged_member_is_never_written(tmp_path):
    archive = tmp_path / "damaged.zip"
    payload = b"machine code " * 50
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("numba/core_1/a.nbi", b"index")
        zf.writestr("numba/core_1/a.1.nbc", payload)
        zf.writestr("numba/../../escape.nbc", b"outside")  # never written outside the roots
    data = archive.read_bytes()
    at = data.index(payload) + 7
    archive.write_bytes(data[:at] + b"X" + data[at + 1:])  # the CRC no longer matches
    with pytest.raises(zipfile.BadZipFile):
        shipped.seed(str(archive), str(tmp_path / "numba"), str(tmp_path / "kernels"))
    assert (tmp_path / "numba" / "core_1" / "a.nbi").read_bytes() == b"index"
    assert sorted(p.name for p in (tmp_path / "numba" / "core_1").iterdir()) == ["a.nbi"]  # no partial .nbc
    assert not (tmp_path / "escape.nbc").exists()


def test_the_mode_follows_the_markers_the_archive_and_the_user(tmp_path):
    archive = tmp_path / "kernels.zip"
    key = "ab" * 32
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(shipped.MANIFEST, json.dumps({"format": shipped.FORMAT, "app_version": "1.0",
                                                  "executable_sha256": key, "cpu_name": "generic"}))
    state = tmp_path / "state"
    state.mkdir()

    def mode(environ=None, sha=key, version="1.0", path=archive):
        return shipped.choose_mode(environ or {}, str(path), sha, version, str(state))

    assert mode() == "shipped"
    assert mode({"NUMBA_CPU_NAME": "skylake"}) == "user"
    assert mode({shipped.MODE_ENV: "native-build"}) == "native-build"
    assert mode(path=tmp_path / "absent.zip") == "native"  # nothing shipped (a Windows or macOS build)
    assert mode(version="1.1") == "native"  # another build's archive: compile as before
    assert mode(sha="cd" * 32) == "native"
    Path(shipped.marker("seeded", key, str(state))).write_text("{}")
    assert mode() == "shipped"
    Path(shipped.marker("failed", key, str(state))).write_text("seconds 3\n")
    assert mode() == "shipped"  # the native build failed: stay on the shipped kernels
    Path(shipped.marker("ok", key, str(state))).write_text("seconds 30\n")
    assert mode() == "native"


ON_START = '''
import json, os, sys
sys.path.insert(0, sys.argv[1])
import gdexplorer_shipped_kernels as shipped
shipped.archive_path = lambda: sys.argv[2]
mode = shipped.on_start()
from numba.core import config
from gdexplorer.selftest import kernel_target
print(json.dumps({"mode": mode, "env": os.environ.get("GDEXPLORER_KERNELS"), "cpu": config.CPU_NAME,
                  "features": config.CPU_FEATURES, "target": kernel_target()}))
'''


def on_start(tmp_path: Path, archive: Path, **env) -> dict:
    env = clean_env(NUMBA_CACHE_DIR=str(tmp_path / "nb"), GDEXPLORER_CACHE_DIR=str(tmp_path / "kernels"),
                    GDEXPLORER_NATIVE_BUILD="off", **env)
    proc = subprocess.run([sys.executable, "-c", ON_START, str(PACKAGING), str(archive)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_hook_seeds_a_fresh_cache_and_sets_the_generic_cpu_before_numba_reads_it(tmp_path):
    files = fake_cache(tmp_path / "build")
    archive = tmp_path / "kernels.zip"
    shipped.pack(str(tmp_path / "build"), str(archive), sys.executable, __version__)  # "frozen" here: python
    result = on_start(tmp_path, archive)
    assert result == {"mode": "shipped", "env": "shipped", "cpu": "generic", "features": "",
                      "target": result["target"]}
    assert result["target"].startswith("CPU generic (the kernels shipped with the app")
    # cache_root() is $NUMBA_CACHE_DIR/gdexplorer when set; the generated kernels' folder is $GDEXPLORER_CACHE_DIR
    assert (tmp_path / "nb" / "gdexplorer" / "core_0123" / "kernels.forward-240.py311.1.nbc").read_bytes() \
        == files["numba/core_0123/kernels.forward-240.py311.1.nbc"]
    assert (tmp_path / "kernels" / "engine_abc.py").read_bytes() == b"# generated\n"
    seeded = json.loads(Path(shipped.marker("seeded", shipped.executable_sha256(sys.executable),
                                            str(tmp_path / "kernels"))).read_text())
    assert seeded == {"written": len(files), "kept": 0}
    # the user's own choice of CPU is left alone
    result = on_start(tmp_path, archive, NUMBA_CPU_NAME="haswell")
    assert (result["mode"], result["cpu"], result["target"]) == ("user", "haswell", "CPU haswell (NUMBA_CPU_NAME)")


def test_the_hook_compiles_as_before_when_the_archive_is_foreign_or_damaged(tmp_path):
    fake_cache(tmp_path / "build")
    foreign = tmp_path / "foreign.zip"
    shipped.pack(str(tmp_path / "build"), str(foreign), str(ROOT / "pyproject.toml"), __version__)
    result = on_start(tmp_path, foreign)
    assert (result["mode"], result["cpu"]) == ("native", None)
    assert not (tmp_path / "nb" / "gdexplorer").exists()  # nothing unpacked
    assert result["target"].startswith("this CPU (")
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(b"PK\x03\x04 not a zip at all")
    assert on_start(tmp_path, damaged)["mode"] == "native"


def fake_app(tmp_path: Path, code: int) -> Path:
    exe = tmp_path / f"fake-gdexplorer-{code}"
    exe.write_text(f'#!/bin/sh\necho "args: $*"\necho "cpu: ${{NUMBA_CPU_NAME:-native}} mode: $GDEXPLORER_KERNELS"\nexit {code}\n')
    exe.chmod(0o755)
    return exe


def wait_for(path: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.05)
    return Path(path).read_text()


def test_the_background_job_builds_once_and_records_its_outcome(tmp_path, monkeypatch):
    state = str(tmp_path)
    monkeypatch.setenv(shipped.DELAY_ENV, "0")
    monkeypatch.setenv("NUMBA_CPU_NAME", "generic")  # what the parent runs with; the job must not inherit it
    monkeypatch.delenv(shipped.BUILD_ENV, raising=False)
    monkeypatch.setattr(sys, "executable", str(fake_app(tmp_path, 0)))
    key = "12" * 32
    assert shipped.start_native_build(key, state)
    assert not shipped.start_native_build(key, state)  # running (its lock) or done (its marker)
    assert wait_for(shipped.marker("ok", key, state)).startswith("seconds ")
    log = Path(shipped.marker("log", key, state)).read_text()
    assert "args: --self-test --no-window --timeout 1800" in log
    assert "cpu: native mode: native-build" in log
    deadline = time.monotonic() + 10
    while os.path.exists(shipped.marker("lock", key, state)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(shipped.marker("lock", key, state))
    assert not shipped.start_native_build(key, state)  # done: never again for this build

    monkeypatch.setattr(sys, "executable", str(fake_app(tmp_path, 3)))
    key = "34" * 32
    assert shipped.start_native_build(key, state)
    wait_for(shipped.marker("failed", key, state))
    assert not os.path.exists(shipped.marker("ok", key, state))
    assert not shipped.start_native_build(key, state)


def test_a_running_job_is_not_started_twice_but_a_stale_lock_is_taken_over(tmp_path, monkeypatch):
    state = str(tmp_path)
    monkeypatch.setenv(shipped.DELAY_ENV, "0")
    monkeypatch.delenv(shipped.BUILD_ENV, raising=False)
    monkeypatch.setattr(sys, "executable", str(fake_app(tmp_path, 0)))
    key = "56" * 32
    lock = shipped.marker("lock", key, state)
    Path(lock).write_text("4242\n")
    assert not shipped.start_native_build(key, state)
    old = time.time() - shipped.LOCK_STALE_S - 60
    os.utime(lock, (old, old))
    assert shipped.start_native_build(key, state)
    wait_for(shipped.marker("ok", key, state))
    monkeypatch.setenv(shipped.BUILD_ENV, "off")
    assert not shipped.start_native_build("78" * 32, state)


def test_package_builds_the_kernel_cache_after_pyinstaller_and_before_the_archives():
    make = subprocess.run(["make", "-n", "-C", str(ROOT), "package"], capture_output=True, text=True,
                          env={**os.environ, "MAKEFLAGS": ""})
    assert make.returncode == 0, make.stderr
    lines = make.stdout.splitlines()
    order = [next(i for i, line in enumerate(lines) if word in line)
             for word in ("pyinstaller", "build_kernel_cache.sh", "build_tarball.sh", "build_deb.sh")]
    assert order == sorted(order)
