"""The Chinese interface (issue 13): Qt's translation system end to end.

- the .ts sources agree with the code (pyside6-lupdate finds nothing new or gone), every string is
  translated with the same {fields} and %n, and each shipped .qm is what pyside6-lrelease makes;
- a window made in zh_CN has no English left in its menus, docks, panels, dialogs and plots
  (tests/ui/i18n_walk.py), for every optimizer's form and in the Data mode;
- View → Language remakes the window in the chosen language, keeping the function, runs and steps;
- the language follows $GDEXPLORER_LANGUAGE, then the setting, then the system's locale.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QSettings

from gdexplorer.app import i18n
from gdexplorer.ui import language
from tests.ui.i18n_walk import english_words, untranslated

ROOT = Path(__file__).resolve().parents[2]


def _translations_script():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_translations_agree_with_the_code_and_are_complete():
    problems = _translations_script().check()
    assert problems == [], "\n".join(problems[:40]) + (f"\n… and {len(problems) - 40} more" if len(problems) > 40 else "")


def test_walker_finds_english_and_spares_names():
    assert english_words("Export trajectories as CSV…") == ["Export", "trajectories", "as"]
    assert english_words("导出 CSV（Adam, lr = 0.1, x0）") == []
    assert english_words("<b>学习率</b> &lt;Rosenbrock&gt;") == []
    # key names and schedule kinds pass only as a shortcut or a schedule is written
    assert english_words("播放（Space） 撤销 Ctrl+Shift+Z  step:step_size=3 + cosine:T_max=1") == []
    assert english_words("按 Space 键，Right step") == ["Space", "Right", "step"]


@pytest.mark.parametrize("locale, setting, env, expected", [
    ("zh_CN", None, None, "zh_CN"),
    ("zh_TW", None, None, "en"),  # no traditional Chinese: English
    ("de_DE", None, None, "en"),
    ("en_US", "zh_CN", None, "zh_CN"),  # the setting beats the system
    ("zh_CN", "en", None, "en"),
    ("zh_CN", "system", "en", "en"),  # the environment beats both
    ("en_US", "en", "zh_CN.UTF-8", "zh_CN"),
])
def test_language_follows_environment_then_setting_then_system(tmp_path, monkeypatch, locale, setting, env, expected):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    if setting is not None:
        settings.setValue(i18n.SETTING_KEY, setting)
    if env is None:
        monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(i18n.ENV_VAR, env)
    assert i18n.resolve(settings, system=QLocale(locale)) == expected


def test_chinese_window_menus_and_docks(zh_window):
    left = untranslated(zh_window)
    assert left == [], "\n".join(left)


def test_chinese_window_in_every_state_a_user_reaches_first(zh_window, qtbot):
    """Every optimizer's form, then the Data mode: the whole window (menus, docks, panels, plots)
    still has no English, and the registry's words show translated."""
    from gdexplorer.app.i18n import tr_registry
    from gdexplorer.core.optimizers import OPTIMIZERS

    combo = zh_window.optimizer_panel.optimizer
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        qtbot.wait(10)
        left = untranslated(zh_window.optimizer_panel)
        assert left == [], f"{combo.itemText(index)}:\n" + "\n".join(left)
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert tr_registry(OPTIMIZERS["gd"].label) in labels and "Gradient descent" not in labels
    zh_window.data_ui.mode_action.trigger()
    qtbot.waitUntil(lambda: zh_window.session.landscape is not None
                    and zh_window.session.landscape.objective.variables == ("w", "b"), timeout=60_000)
    left = untranslated(zh_window)
    assert left == [], "\n".join(left)
    formula = zh_window.function_panel.formula.text()
    assert formula.startswith("L(w, b) = ") and "均方误差" in formula, formula  # the loss, not "f = …"


def test_a_language_picked_in_the_menu_wins_over_the_environment_at_once(window, qtbot, monkeypatch):
    """$GDEXPLORER_LANGUAGE (here en, from the tests' conftest) sets the start; View → Language → 简体中文
    still switches now, and is kept as the setting for the next start without the variable."""
    assert i18n.current() == i18n.ENGLISH
    menu = window.language_menu
    assert [a.text() for a in menu.actions.values()] == ["System language", "English", "简体中文"]
    menu.actions["zh_CN"].trigger()
    successor = language._windows[-1]
    qtbot.addWidget(successor)
    try:
        assert i18n.current() == "zh_CN"
        assert successor.menuBar().actions()[0].text() == "文件(&F)"
        assert window.settings.value(i18n.SETTING_KEY) == "zh_CN"
        monkeypatch.delenv(i18n.ENV_VAR)
        assert i18n.resolve(window.settings) == "zh_CN"
        assert successor.language_menu.actions["zh_CN"].isChecked()
    finally:
        last = successor.language_menu.choose(i18n.ENGLISH)
        qtbot.addWidget(last)
        assert i18n.current() == i18n.ENGLISH
        last.explorer.shutdown(10_000)


def test_the_data_modes_minimum_and_summary_name_the_loss_l(window, qtbot):
    """In the Data mode the height is the loss L(w, b): its starred minimum reads L* and the status
    bar's selected run 'L = …' (f in the Function mode), with the minimum's value from the core."""
    assert window.map_view.map_2d.minimum_labels == [] or all(
        not label.textItem.toPlainText().startswith("L") for label in window.map_view.map_2d.minimum_labels)
    window.data_ui.mode_action.trigger()
    qtbot.waitUntil(lambda: window.session.landscape is not None
                    and window.session.landscape.objective.variables == ("w", "b"), timeout=60_000)
    window.render_now()
    land = window.session.landscape
    (_, _, loss), = land.minima
    assert loss == pytest.approx(land.objective.minimum[2], abs=1e-12)
    labels = [label.textItem.toPlainText() for label in window.map_view.map_2d.minimum_labels if label.isVisible()]
    assert labels == [f"L* = {loss:.4g}"]
    assert [item.text for item in window.surface_view.surface_3d.minimum_labels] == [f"L* = {loss:.4g}"]
    qtbot.waitUntil(lambda: ", L = " in window.run_summary.text(), timeout=5_000)


def test_the_command_lines_language_option(tmp_path):
    """`gdexplorer --language zh_CN --screenshot …` renders the window in Chinese (the README's
    picture); an unknown language is refused with one error line and exit 2, writing nothing."""
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    out = tmp_path / "zh.png"
    done = subprocess.run([sys.executable, "-m", "gdexplorer", "--language", "zh_CN", "--screenshot", str(out),
                           "-f", "bowl", "--steps", "5", "--size", "1000x700"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).size().toTuple() == (1000, 700)
    bad = tmp_path / "fr.png"
    done = subprocess.run([sys.executable, "-m", "gdexplorer", "--language", "fr", "--screenshot", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and not bad.exists()
    assert done.stderr.strip().splitlines() == ["gdexplorer: error: --language must be one of en, zh_CN, got 'fr'"]


def test_switching_twice_keeps_the_overlays_and_frees_the_old_windows(window, qtbot, wait_landscape):
    """English → 简体中文 → English: the last window is the one kept (language._windows), the glyph
    and critical-point switches come along, and the windows left behind (with their explorers)
    are freed, not leaked."""
    import gc
    import weakref

    text = "x^2 + 3*y^2"
    window.session.set_function(text, (-2.0, 2.0), (-2.0, 2.0))
    wait_landscape(window, text)
    window.glyph_overlay.actions["gradient"].trigger()
    window.critical_overlay.toggle.setChecked(True)
    window.session.step(3)
    chinese = window.language_menu.choose("zh_CN")
    qtbot.addWidget(chinese)
    wait_landscape(chinese, text)
    gone = [weakref.ref(chinese), weakref.ref(chinese.explorer)]  # (the fixture's first window is pytest's)
    english = chinese.language_menu.choose(i18n.ENGLISH)
    qtbot.addWidget(english)
    try:
        wait_landscape(english, text)
        assert language._windows == [english]
        assert english.glyph_overlay.actions["gradient"].isChecked()
        assert not english.glyph_overlay.actions["momentum"].isChecked()
        assert english.critical_overlay.toggle.isChecked()
        qtbot.waitUntil(lambda: [run.steps_taken for run in english.session.runs] == [3], timeout=10_000)
        del chinese
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            qtbot.wait(50)
            gc.collect()
        assert [ref() is None for ref in gone] == [True, True]  # the remade window, with its explorer
    finally:
        english.explorer.shutdown(10_000)


def test_the_command_line_knows_the_languages_the_app_has():
    from gdexplorer import gui

    assert tuple(gui.LANGUAGES) == tuple(i18n.LANGUAGES)
    assert all(i18n.qm_files(code) for code in i18n.LANGUAGES if code != i18n.ENGLISH)
