"""The Data mode and the workspaces in Chinese (issue 13, area "data"): a window made in zh_CN,
switched to the Data mode through its tab, has no English left in the data panel (the synthetic form,
then a CSV opened through File > Open data CSV…'s own code path), the batch-size form, the data
scatter, the epoch curves, the batch-gradient arrows, the File menu's workspace entries and the
recovery bar; a bad CSV's error shows in Chinese by its field, a bad workspace's in the status."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from gdexplorer.app import workspace as W
from gdexplorer.app.i18n import translate
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.ui import data_panel as data_panel_module
from gdexplorer.ui.data_mode import epochs_title, scatter_title
from gdexplorer.ui.workspace_menu import snapshot
from i18n_walk import ALLOWED, english_words, untranslated
from ui_input import click_step, type_into

TIMEOUT_MS = 60_000


def on_data(window) -> bool:
    s, dm = window.session, window.explorer.data_mode
    return s.data_mode is not None and s.landscape is not None and isinstance(s.objective, DataObjective) \
        and s.objective is dm.objective and not s.compute.busy and not dm.loading


def english_in(*texts: str) -> list[str]:
    return [t for t in texts if english_words(t)]


@pytest.fixture
def zh_data(qtbot, zh_window):
    tabs = zh_window.data_ui.mode_switcher.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["函数", "数据"]
    qtbot.mouseClick(tabs, Qt.LeftButton, pos=tabs.tabRect(1).center())
    qtbot.waitUntil(lambda: on_data(zh_window), timeout=TIMEOUT_MS)
    return zh_window


def test_the_data_mode_in_chinese(qtbot, zh_data, tmp_path, monkeypatch):
    window, ui = zh_data, zh_data.data_ui
    panel, dm = ui.data_panel, window.explorer.data_mode
    assert untranslated(panel) == [] and untranslated(ui.batch_form) == []
    assert panel.info.text().startswith("在 <b>")
    assert ui.batch_form.summary.text().startswith("1,000 个样本上每轮更新 20 次")  # seed 002's mini-batch run
    assert window.docks["function"].windowTitle() == "数据"
    assert window.docks["map"].windowTitle() == "损失等高线图 L(w, b)：等高线与 −∇L"
    assert (scatter_title(), epochs_title()) == ("数据与拟合直线", "每轮与每次更新的损失")
    assert window.run_controls.speed.suffix() == " 轮/秒"
    assert english_in(window.run_controls.step_button.toolTip(), window.run_controls.step_limit.toolTip()) == []
    assert english_in(ui.mode_action.text(), ui.mode_action.toolTip(), ui.open_csv_action.text(),
                      ui.preset_action.text(), ui.preset_action.toolTip()) == []
    # a few steps: the scatter's lines, the epoch curves and the two gradient arrows are drawn
    click_step(qtbot, window, 2)
    window.render_now()
    assert untranslated(ui.scatter) == [] and untranslated(ui.epoch_curves) == []
    assert ui.epoch_curves.caption.text().startswith("虚线：最小损失 L* = ")
    overlay = ui.gradients
    assert overlay.batch_arrow.label.isVisible() and overlay.full_arrow.label.isVisible()
    assert english_in(overlay.full_arrow.label.toPlainText(), overlay.batch_arrow.label.toPlainText(),
                      overlay.legend(), window.map_view.bar.legend.text()) == []
    assert overlay.batch_arrow.label.toPlainText().startswith("下一批（50 个样本）|∇L| ")
    # File > Open data CSV…: the dialog answers with a small file; the panel then trains on it
    csv = tmp_path / "points.csv"
    csv.write_text("x,y\n" + "".join(f"{k * 0.25},{0.5 * k - 1}\n" for k in range(12)))
    monkeypatch.setattr(data_panel_module.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(csv), "")))
    with qtbot.waitSignal(dm.loadProgress, timeout=TIMEOUT_MS) as progress:
        ui.open_csv_action.trigger()
    assert english_words(progress.args[1]) == [], progress.args[1]  # the worker reports in Chinese
    qtbot.waitUntil(lambda: dm.source.kind == "csv" and on_data(window), timeout=TIMEOUT_MS)
    window.render_now()
    file_words = ALLOWED | {"points", "csv"}  # the user's own file name
    for widget in (panel, ui.batch_form, ui.scatter, ui.epoch_curves):
        assert untranslated(widget, file_words) == [], untranslated(widget, file_words)
    assert panel.info.text().startswith("在 <b>points.csv</b> 上训练：12 个样本。")
    assert "12 个样本" in ui.scatter.legend.text()


def test_a_bad_csv_says_why_in_chinese_by_its_field(qtbot, zh_data, tmp_path):
    panel = zh_data.data_ui.data_panel
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n0.5,1.0\n1.5,abc\n2.5,3.0\n")
    type_into(qtbot, panel.csv_path, str(bad))
    qtbot.waitUntil(lambda: panel.csv_error.isVisible(), timeout=TIMEOUT_MS)
    assert panel.csv_path.property("error") and panel.load_status.text() == "数据没有改变。"
    template = "{source}: line {line}, column {column}: {text!r} is not a number"
    translated = translate("core", template)
    text = panel.csv_error.text()
    assert str(bad) in text and "'abc'" in text
    assert translated != template, "core.qm does not translate the CSV error"
    assert text == translated.format(source=str(bad), line=3, column=2, text="abc")
    assert "第 3 行" in text and "第 2 列" in text, text
    assert english_words(text.replace(str(bad), "").replace("'abc'", "")) == []  # the user's words aside


def test_the_workspace_entries_and_errors_in_chinese(qtbot, zh_window, tmp_path):
    menu = zh_window.workspace_menu
    menu.recent_menu.aboutToShow.emit()  # the Recent submenu as it opens: no files yet
    texts = [a.text() for a in (menu.open_action, menu.save_action, menu.save_as_action)]
    texts += [menu.recent_menu.title()] + [a.text() for a in menu.recent_menu.actions()]
    assert english_in(*texts) == [] and texts[0] == "打开工作区…" and texts[-1] == "（无）"
    # a file cut short: the status says so in Chinese, with the line and column
    cut = tmp_path / "cut.gdx.json"
    content = '{"format": "gdexplorer-workspace", "version": 1, "session": {"text": "x^2", "x_range": [0'
    cut.write_text(content)
    assert not menu.open_path(str(cut))
    column = len(content) + 1
    assert zh_window.status_label.text() == f"无法打开工作区：cut.gdx.json 不完整（在第 1 行第 {column} 列处被截断）"
    newer = tmp_path / "newer.gdx.json"
    newer.write_text(json.dumps({"format": W.FORMAT, "version": 9, "app": "9.0", "session": {}}))
    assert not menu.open_path(str(newer))
    assert "由更新的 gdexplorer 保存（9.0，工作区版本 9" in zh_window.status_label.text()
    # saved: the status says so in Chinese
    assert menu.save_to(str(tmp_path / "mine.gdx.json"))
    assert zh_window.status_label.text() == "已保存 mine.gdx.json"
    # the recovery bar for the autosave of a gdexplorer that was killed
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = W.autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    W.save(folder / f"autosave-{dead.pid}.json", snapshot(zh_window))
    menu.offer_recovery()
    bar = menu.bar
    assert bar is not None and untranslated(bar) == [], untranslated(bar)
    assert bar.label.text().startswith("gdexplorer 上次未正常关闭：工作已于 ")
    menu.discard(bar)
