"""`gdexplorer` without a subcommand: the explorer window, a screenshot, or the headless demo.

    gdexplorer                                  open the window (state remembered with QSettings)
    gdexplorer FILE.json                        open the window on a saved workspace
    gdexplorer --screenshot OUT.png FILE.json   render a saved workspace and exit
    gdexplorer --screenshot FILE [-f EXPR|PRESET] [--start X,Y] [--optimizer a,b] [--lr LR]
               [--steps N] [--size WxH]         run, render, save the whole window as PNG, exit
    gdexplorer --demo SECONDS [--screenshot F]  animate a race for a few seconds (for `make run`
                                                on a machine without a display), then exit
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time

from gdexplorer.cli import UsageError, join_option_values, parse_point

LANGUAGES = ("en", "zh_CN")  # the interface's (gdexplorer.app.i18n.LANGUAGES; imported late, it needs Qt)

CUSTOM_RANGE = ((-3.0, 3.0), (-3.0, 3.0))
CUSTOM_START = (1.5, 1.5)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit code 2 with the usage, like every argparse tool
        self.print_usage(sys.stderr)
        self.exit(2, f"gdexplorer: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gdexplorer", description="Gradient descent explorer (the window).")
    p.add_argument("--screenshot", metavar="FILE", help="render and save the whole window as PNG, then exit")
    p.add_argument("-f", "--function", metavar="EXPR", help="a function of x (and y), or a preset name")
    p.add_argument("--start", metavar="X,Y", help="start point (1-D: X)")
    p.add_argument("--optimizer", metavar="NAME[,NAME...]", help="one run per optimizer named, or 'all'")
    p.add_argument("--lr", type=float, help="learning rate for every run (default: each optimizer's)")
    p.add_argument("--steps", type=int, default=None, help="steps per run before the screenshot (default 200; "
                   "with a workspace, its runs' own steps)")
    p.add_argument("--size", default="1600x1000", metavar="WxH", help="window size (default 1600x1000)")
    p.add_argument("--language", metavar="CODE", help="the interface's language: en or zh_CN (default: the "
                   "View > Language setting, else the system's)")
    p.add_argument("--demo", type=float, metavar="SECONDS", help="animate a race for SECONDS, then exit")
    p.add_argument("workspace", nargs="?", metavar="FILE.json", help="a saved workspace to open (File > Save workspace)")
    return p


def _parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not m or not (320 <= int(m.group(1)) <= 8000 and 240 <= int(m.group(2)) <= 8000):
        raise ValueError(f"--size must look like 1600x1000 (320..8000 x 240..8000), got {text!r}")
    return int(m.group(1)), int(m.group(2))


def _parse_start(text: str) -> tuple[float, float]:
    """``X`` or ``X,Y`` (y is 0 for a 1-D function), with the command line's number rules."""
    values = parse_point(text, "--start")
    if not 1 <= len(values) <= 2:
        raise UsageError(f"--start must be X or X,Y, got {text!r}")
    return (values[0], values[1] if len(values) == 2 else 0.0)


def _optimizer_names(text: str | None) -> list[str]:
    from gdexplorer.core.optimizers import OPTIMIZERS

    if text in (None, ""):
        return ["gd"]
    if text.strip().lower() == "all":
        return list(OPTIMIZERS)
    return [n.strip().lower() for n in text.split(",") if n.strip()]


def configure(session, args) -> None:
    """Apply the command line's function, start, optimizers and learning rate to a session that
    has not started yet, through the session's own methods (the window's panels use the same):
    on a preset each run takes the preset's rate for its optimizer, unless --lr says otherwise."""
    from gdexplorer.app.runs import RUN_COLOURS
    from gdexplorer.core.presets import DEFAULT_PRESET, find_preset

    name = (args.function or DEFAULT_PRESET).strip()
    preset = find_preset(name)
    if preset is not None:
        session.apply_preset(preset)
        start = preset.start
    else:
        session.set_function(name, *CUSTOM_RANGE)
        start = CUSTOM_START
    if args.start:
        start = _parse_start(args.start)
    names = _optimizer_names(args.optimizer)
    session.set_runs([  # KeyError naming the optimizers for an unknown one
        session.new_run_settings(n, start, colour=RUN_COLOURS[i % len(RUN_COLOURS)]) for i, n in enumerate(names)
    ])
    if args.lr is not None:
        for index in range(len(names)):
            session.set_hyperparameter("lr", args.lr, index)  # ValueError saying the valid range


def application_icon_path() -> str | None:
    """resources/gdexplorer.png: inside the frozen bundle, or beside the package in a checkout."""
    import os

    root = getattr(sys, "_MEIPASS", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "resources", "gdexplorer.png")
    return path if os.path.isfile(path) else None


def _save_screenshot(window, path: str) -> bool:
    ok = window.save_screenshot(path)
    if ok:
        print(f"screenshot saved: {path}")
    else:
        print(f"gdexplorer: could not save the screenshot to {path}", file=sys.stderr)
    return ok


def _demo(window, seconds: float, screenshot: str | None, app) -> int:
    from PySide6.QtCore import QTimer

    from gdexplorer.app.demo import demo_runs

    window.session.set_runs(demo_runs())
    window.player.set_speed(60)
    window.player.set_step_limit(2000)
    window.run_controls.sync_from_player()
    window.player.play()
    result = {"code": 0}

    def finish():
        window.player.pause()
        if screenshot and not _save_screenshot(window, screenshot):
            result["code"] = 1
        window.close()
        app.quit()

    QTimer.singleShot(int(seconds * 1000), finish)
    app.exec()
    return result["code"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(join_option_values(argv))
    try:
        width, height = _parse_size(args.size)
        if args.start:
            _parse_start(args.start)
        if args.steps is not None and args.steps < 0:
            raise ValueError(f"--steps must be >= 0, got {args.steps}")
        if args.workspace and (args.function or args.start or args.optimizer or args.lr is not None or args.demo):
            raise ValueError("a workspace sets the function and the runs: give it without -f, --start, --optimizer, "
                             "--lr or --demo")
        if args.language is not None and args.language not in LANGUAGES:
            raise ValueError(f"--language must be one of {', '.join(LANGUAGES)}, got {args.language!r}")
        if args.demo is not None and not 0 < args.demo <= 3600:
            raise ValueError(f"--demo takes 0 < SECONDS <= 3600, got {args.demo}")
    except (ValueError, UsageError) as exc:
        print(f"gdexplorer: error: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtCore import QCoreApplication, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from gdexplorer.app import i18n
    from gdexplorer.app.explorer import Explorer
    from gdexplorer.ui.main_window import MainWindow

    # pyqtgraph keeps compiled shaders on its item classes: all GL views must share one context family
    QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(["gdexplorer"])
    app.setOrganizationName("gdexplorer")
    app.setApplicationName("gdexplorer")
    app.setDesktopFileName("gdexplorer")  # lets the desktop match the window to its menu entry and icon
    icon = application_icon_path()
    if icon is not None:
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(icon))
    workspace = None
    if args.workspace:
        from gdexplorer.app.workspace import WorkspaceError, load

        try:
            workspace = load(args.workspace)
        except WorkspaceError as exc:
            print(f"gdexplorer: error: {exc}", file=sys.stderr)
            return 2
    scripted = args.screenshot is not None or args.demo is not None
    settings = None if scripted else QSettings()
    # the interface's language from here on (the errors above are the command line's, in English);
    # before the explorer, whose start-up notices are the window's
    i18n.install(args.language or i18n.resolve(settings))
    explorer = Explorer(settings)
    if scripted or args.function or args.optimizer or args.start:
        try:
            configure(explorer.session, args)
        except (KeyError, ValueError) as exc:  # a KeyError's str() is the repr of its message
            print(f"gdexplorer: error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
            return 2
    window = MainWindow(explorer, settings)
    window.resize(width, height) if scripted else None
    window.show()
    window.start()
    stepped = {"done": workspace is None}
    if workspace is not None:
        from gdexplorer.app.workspace import WorkspaceError
        from gdexplorer.ui.workspace_menu import apply

        try:
            apply(window, workspace, on_ready=lambda: stepped.update(done=True))
        except WorkspaceError as exc:
            print(f"gdexplorer: error: {args.workspace}: {exc}", file=sys.stderr)
            window.close()
            return 2
        window.workspace_menu.path = os.path.abspath(args.workspace)
        if window.workspace_menu.recent is not None:
            window.workspace_menu.recent.add(args.workspace)
        window.workspace_menu._title()
    if not scripted:
        return app.exec()
    if not explorer.wait_until_ready():
        print(f"gdexplorer: error: {explorer.session.error or 'the function could not be evaluated'}", file=sys.stderr)
        return 2
    if args.demo is not None:
        return _demo(window, args.demo, args.screenshot, app)
    if not stepped["done"]:  # the workspace's runs step to their saved counts once its landscape is in
        from PySide6.QtCore import QDeadlineTimer

        deadline = QDeadlineTimer(120_000)
        while not stepped["done"] and not deadline.hasExpired():
            app.processEvents()
            time.sleep(0.01)
    steps = args.steps if args.steps is not None else (0 if workspace is not None else 200)
    if steps:
        explorer.player.set_step_limit(max(steps, explorer.player.step_limit))
        explorer.player.step(steps)
    code = 0 if _save_screenshot(window, args.screenshot) else 1
    window.close()
    return code
