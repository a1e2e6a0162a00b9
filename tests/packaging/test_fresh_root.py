"""packaging/check_fresh_root.sh: the .deb in a fresh debootstrap root, run by `make package-check`.

The chroot itself (debootstrap, apt, the frozen self-test) runs only in package-check; here, fast:
that it is wired in, that /proc is unmounted by an exit trap, how it finds the Debian mirror and its
cache, and its library check on real ELF files (PySide6's, from the venv).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "check_fresh_root.sh"
QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"


def run_script(*args, env=None):
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


def code_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_script_is_executable_and_parses():
    assert os.access(SCRIPT, os.X_OK)
    proc = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_package_check_runs_it_after_the_host_install_and_before_ok():
    make = subprocess.run(["make", "-n", "-C", str(ROOT), "package-check"], capture_output=True, text=True,
                          env={**os.environ, "MAKEFLAGS": ""})
    # `make -n` prints the recipe without running it (the prerequisite `package` is listed too)
    assert "bash packaging/check_frozen.sh" in make.stdout, make.stdout + make.stderr
    lines = code_lines(ROOT / "packaging" / "check_frozen.sh")
    call = lines.index('$SUDO bash packaging/check_fresh_root.sh "$DEB"')
    removed = next(i for i, line in enumerate(lines) if line.startswith('echo "removed cleanly'))
    ok = lines.index('echo "package-check OK"')
    assert removed < call < ok


def test_proc_is_mounted_only_after_an_exit_trap_that_unmounts_it():
    lines = code_lines(SCRIPT)
    trap = lines.index("trap cleanup EXIT")
    mount = next(i for i, line in enumerate(lines) if line.startswith("mount -t proc proc"))
    assert trap < mount
    # an interrupt or a kill runs the same cleanup (bash runs the EXIT trap on `exit`)
    assert "trap 'exit 130' INT" in lines and "trap 'exit 143' TERM" in lines
    text = SCRIPT.read_text()
    cleanup = text[text.index("cleanup() {"):text.index("trap cleanup EXIT")]
    assert 'umount "$m"' in cleanup and "umount -l" in cleanup
    # the root is removed only when nothing is mounted under it, and never across a file system
    assert "rm -rf --one-file-system \"$ROOT\"" in cleanup
    assert cleanup.index('if [ -n "$(mounts_under_root)" ]') < cleanup.index("rm -rf")


def test_plan_takes_the_mirrors_from_deb822_sources(tmp_path):
    apt = tmp_path / "apt"
    (apt / "sources.list.d").mkdir(parents=True)
    (apt / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example.org/debian\nSuites: bookworm bookworm-updates\n"
        "Components: main\n\nTypes: deb\nURIs: http://mirror.example.org/debian-security\n"
        "Suites: bookworm-security\nComponents: main\n")
    (apt / "sources.list.d" / "other.list").write_text("deb https://packages.example.com/apt stable main\n")
    cache = tmp_path / "cache"
    proc = run_script("--plan", env={"GDEXPLORER_APT_ETC": str(apt), "GDEXPLORER_DEBOOTSTRAP_CACHE": str(cache)})
    assert proc.returncode == 0, proc.stderr
    assert "mirror: http://mirror.example.org/debian\n" in proc.stdout
    assert "security: http://mirror.example.org/debian-security\n" in proc.stdout
    assert re.search(rf"root cache: {re.escape(str(cache))}/bookworm-minbase-\w+-v\d+\.tar\.zst \(absent\)", proc.stdout)


def test_plan_takes_the_mirrors_from_one_line_sources_and_falls_back_to_deb_debian_org(tmp_path):
    apt = tmp_path / "apt"
    (apt / "sources.list.d").mkdir(parents=True)
    (apt / "sources.list").write_text(
        "# deb http://commented.example/debian bookworm main\n"
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.example.net/debian/ bookworm main\n")
    proc = run_script("--plan", env={"GDEXPLORER_APT_ETC": str(apt)})
    assert "mirror: http://ftp.example.net/debian/\n" in proc.stdout
    assert "security: http://deb.debian.org/debian-security\n" in proc.stdout  # none listed: the default
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_script("--plan", env={"GDEXPLORER_APT_ETC": str(empty)})
    assert "mirror: http://deb.debian.org/debian\n" in proc.stdout


def test_plan_sees_a_cached_root_and_a_stale_one(tmp_path):
    proc = run_script("--plan", env={"GDEXPLORER_DEBOOTSTRAP_CACHE": str(tmp_path)})
    cached = Path(re.search(r"root cache: (\S+) \(absent\)", proc.stdout).group(1))
    cached.write_bytes(b"not empty")
    proc = run_script("--plan", env={"GDEXPLORER_DEBOOTSTRAP_CACHE": str(tmp_path)})
    assert f"root cache: {cached} (cached)" in proc.stdout
    old = time.time() - 31 * 86400  # older than the 30 days it is kept: built again
    os.utime(cached, (old, old))
    proc = run_script("--plan", env={"GDEXPLORER_DEBOOTSTRAP_CACHE": str(tmp_path)})
    assert f"root cache: {cached} (stale)" in proc.stdout


def test_missing_libs_names_each_library_not_found_and_which_file_needs_it(tmp_path):
    (tmp_path / "app").mkdir()
    shutil.copy2(QT_LIB / "libQt6OpenGLWidgets.so.6", tmp_path / "app")
    shutil.copy2("/bin/true", tmp_path / "app")  # an ELF whose libraries are all there
    proc = run_script("--missing-libs", str(tmp_path))
    assert proc.returncode == 1
    # libQt6OpenGLWidgets links these four Qt libraries (readelf -d), none in the folder
    for lib in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6OpenGL.so.6", "libQt6Widgets.so.6"):
        assert f"missing: {lib} (needed by app/libQt6OpenGLWidgets.so.6)\n" in proc.stdout
    assert "true" not in proc.stdout


def test_missing_libs_searches_every_folder_of_the_bundle_as_its_bootloader_does(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "qt").mkdir()
    shutil.copy2(QT_LIB / "libQt6OpenGLWidgets.so.6", tmp_path / "app")
    for lib in QT_LIB.glob("*.so*"):  # symbolic links: found by the search, not themselves scanned
        (tmp_path / "qt" / lib.name).symlink_to(lib)
    proc = run_script("--missing-libs", str(tmp_path))
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_missing_libs_lets_only_the_listed_optional_libraries_pass(tmp_path):
    import numba

    tbbpool = next((Path(numba.__file__).parent / "np" / "ufunc").glob("tbbpool*.so"))
    shutil.copy2(tbbpool, tmp_path)
    proc = run_script("--missing-libs", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == f"allowed missing: libtbb.so.12 (needed by {tbbpool.name})\n"
