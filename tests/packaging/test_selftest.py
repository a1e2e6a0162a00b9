"""`gdexplorer --self-test`, in process (fast) and its failure paths, plus the packaging files.

The frozen bundle and the .deb are checked by `make package-check` (packaging/check_frozen.sh).
"""
from __future__ import annotations

import configparser
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from gdexplorer import selftest
from gdexplorer.core.optimizers import OPTIMIZERS

# Like tests/ui: every window's GL view shares one context family (set before the QApplication).
QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)

ROOT = Path(__file__).resolve().parents[2]
STAGE_NAMES = [name for name, _ in selftest.STAGES]


def test_self_test_passes_and_reports_every_stage(qapp, capsys):
    code = selftest.main(["--timeout", "0"])
    out, err = capsys.readouterr()
    assert code == 0, err
    for name in STAGE_NAMES:
        assert f"\n{name}: ok (" in "\n" + out, f"no line for stage {name!r} in:\n{out}"
    assert f"{len(OPTIMIZERS)} optimizers x {selftest.STEPS} steps: {', '.join(OPTIMIZERS)}" in out
    assert "surface (3-D, OpenGL)" in out
    assert out.rstrip().splitlines()[-1].startswith("self-test OK")
    assert "FAILED" not in err


def test_a_wrong_optimizer_result_fails_the_optimizers_stage(qapp, capsys, monkeypatch):
    from gdexplorer.core import descent

    real_run = descent.run

    def broken_run(*args, **kwargs):
        traj = real_run(*args, **kwargs)
        points = traj.points.copy()
        points[-1, 0] = np.nan
        return descent.Trajectory(points, traj.f, traj.grad, traj.status, traj.stopped_at, traj.message)

    monkeypatch.setattr(descent, "run", broken_run)
    code = selftest.main(["--timeout", "0"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "self-test FAILED: optimizers: gd: non-finite values in the trajectory" in err
    assert "self-test OK" not in out
    assert "window: ok" not in out  # stops at the first failure


def test_an_exception_is_reported_with_its_stage_and_reason(qapp, capsys, monkeypatch):
    from gdexplorer.core import expression

    def boom(text):
        raise RuntimeError("parser exploded\nsecond line")

    monkeypatch.setattr(expression, "parse", boom)
    assert selftest.main(["--timeout", "0"]) == 1
    out, err = capsys.readouterr()
    assert "self-test FAILED: parse: RuntimeError: parser exploded" in err.splitlines()
    assert "Traceback" in err  # the traceback is printed too: nothing is hidden
    assert "self-test OK" not in out


def test_a_blank_view_fails_the_views_stage(qapp, capsys, monkeypatch):
    from PySide6.QtGui import QImage

    def blank_images(window):
        image = QImage(64, 48, QImage.Format_RGB32)
        image.fill(0x202020)
        return [("surface (3-D, OpenGL)", lambda: image)]

    monkeypatch.setattr(selftest, "_view_images", blank_images)
    assert selftest.main(["--timeout", "0"]) == 1
    _, err = capsys.readouterr()
    assert "self-test FAILED: views: surface (3-D, OpenGL): the rendered frame is blank (1 distinct colour(s) in 64x48)" in err


def test_offscreen_platform_is_refused_with_the_reason(qapp, capsys, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert selftest.main(["--timeout", "0"]) == 1
    _, err = capsys.readouterr()
    assert "self-test FAILED: window: QT_QPA_PLATFORM=offscreen has no OpenGL" in err


def test_no_display_exits_1_with_the_reason_and_no_window_skips_it():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    cmd = [sys.executable, "-m", "gdexplorer", "--self-test"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "self-test FAILED: window: no display" in proc.stderr
    assert "optimizers: ok" in proc.stdout  # the stages before the window ran
    proc = subprocess.run(cmd + ["--no-window"], env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert "self-test OK (window skipped: --no-window)" in proc.stdout


def test_self_test_options_are_validated():
    with pytest.raises(SystemExit) as info:
        selftest.main(["--bogus"])
    assert info.value.code == 2


# -- packaging files ----------------------------------------------------------------------------------
def test_desktop_entry_is_valid():
    path = ROOT / "packaging" / "gdexplorer.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "gdexplorer"
    assert entry["Icon"] == "gdexplorer"
    assert entry["Categories"].endswith(";")
    validator = "/usr/bin/desktop-file-validate"
    if os.path.exists(validator):
        proc = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_icons_exist_in_every_size(qapp):
    from PySide6.QtGui import QImage

    for size in (16, 24, 32, 48, 64, 128, 256):
        image = QImage(str(ROOT / "resources" / "icons" / f"gdexplorer-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert not image.isNull()
    assert (ROOT / "resources" / "gdexplorer.svg").read_text().lstrip().startswith("<?xml")
    ico = (ROOT / "resources" / "gdexplorer.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6])[:2] == (0, 1) and struct.unpack("<H", ico[4:6])[0] >= 6
    icns = (ROOT / "resources" / "gdexplorer.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_spec_and_scripts_are_well_formed():
    compile((ROOT / "packaging" / "gdexplorer.spec").read_text(), "gdexplorer.spec", "exec")
    for script in ("build_deb.sh", "build_tarball.sh", "build_kernel_cache.sh", "check_frozen.sh", "install-menu-entry.sh"):
        path = ROOT / "packaging" / script
        shell = "sh" if script == "install-menu-entry.sh" else "bash"
        proc = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{script}: {proc.stderr}"
        assert os.access(path, os.X_OK), f"{script} is not executable"


def test_missing_translations_fail_the_translations_stage(qapp, capsys, monkeypatch):
    from gdexplorer.app import i18n

    monkeypatch.setattr(i18n, "qm_files", lambda language: [])
    assert selftest.main(["--timeout", "0", "--no-window"]) == 1
    out, err = capsys.readouterr()
    assert "self-test FAILED: translations: no compiled zh_CN translations in" in err
    assert i18n.current() == i18n.ENGLISH
