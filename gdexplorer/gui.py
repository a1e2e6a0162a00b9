"""`gdexplorer` without a subcommand: the explorer window, a screenshot, or the headless demo.

    gdexplorer                                  open the window (state remembered with QSettings)
    gdexplorer --screenshot FILE [-f EXPR|PRESET] [--start X,Y] [--optimizer a,b] [--lr LR]
               [--steps N] [--size WxH]         run, render, save the whole window as PNG, exit
    gdexplorer --demo SECONDS [--screenshot F]  animate a race for a few seconds (for `make run`
                                                on a machine without a display), then exit
"""
from __future__ import annotations

import argparse
import re
import sys

DEMO_OPTIMIZERS = ("gd", "momentum", "nesterov", "rmsprop", "adam", "newton")
DEMO_RATES = {"gd": 1e-3, "momentum": 5e-4, "nesterov": 5e-4, "rmsprop": 0.02, "adam": 0.08, "newton": 0.5}
CUSTOM_RANGE = ((-3.0, 3.0), (-3.0, 3.0))


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
    p.add_argument("--steps", type=int, default=200, help="steps per run before the screenshot (default 200)")
    p.add_argument("--size", default="1600x1000", metavar="WxH", help="window size (default 1600x1000)")
    p.add_argument("--demo", type=float, metavar="SECONDS", help="animate a race for SECONDS, then exit")
    return p


def _fix_negative_values(argv: list[str]) -> list[str]:
    """`--start -1.5,2` -> `--start=-1.5,2` (argparse would read -1.5,2 as an option)."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in ("--start", "--lr") and i + 1 < len(argv) and argv[i + 1].startswith("-"):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


def _parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not m or not (320 <= int(m.group(1)) <= 8000 and 240 <= int(m.group(2)) <= 8000):
        raise ValueError(f"--size must look like 1600x1000 (320..8000 x 240..8000), got {text!r}")
    return int(m.group(1)), int(m.group(2))


def _parse_start(text: str) -> tuple[float, float]:
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise ValueError(f"--start must be X,Y numbers, got {text!r}") from None
    if not 1 <= len(values) <= 2:
        raise ValueError(f"--start must be X or X,Y, got {text!r}")
    return (values[0], values[1] if len(values) == 2 else 0.0)


def _run_settings(args, start) -> list:
    from gdexplorer.app.runs import RUN_COLOURS, RunSettings
    from gdexplorer.core.optimizers import OPTIMIZERS, get_optimizer

    if args.optimizer in (None, ""):
        names = ["gd"]
    elif args.optimizer.strip().lower() == "all":
        names = list(OPTIMIZERS)
    else:
        names = [n.strip().lower() for n in args.optimizer.split(",") if n.strip()]
    runs = []
    for i, name in enumerate(names):
        spec = get_optimizer(name)  # KeyError with the list of names
        if args.lr is not None:
            spec.hyperparameter("lr").check(args.lr)
        runs.append(RunSettings(optimizer=spec.name, learning_rate=args.lr, start=start,
                                colour=RUN_COLOURS[i % len(RUN_COLOURS)]))
    return runs


def configure(window, args) -> None:
    """Apply the command line's function, start and runs to a fresh window's session."""
    from gdexplorer.core.presets import DEFAULT_PRESET, find_preset

    session = window.session
    name = (args.function or DEFAULT_PRESET).strip()
    preset = find_preset(name)
    if preset is not None:
        text, x_range, y_range, start = preset.expression, preset.x_range, preset.y_range, preset.start
    else:
        text, (x_range, y_range), start = name, CUSTOM_RANGE, (1.5, 1.5)
    if args.start:
        start = _parse_start(args.start)
    session.text = text
    session.x_range, session.y_range = tuple(x_range), tuple(y_range)
    runs = _run_settings(args, tuple(start))
    if args.lr is None and preset is not None:
        runs = [r.with_(learning_rate=preset.learning_rate_for(r.optimizer)) for r in runs]
    session.set_runs(runs)


def wait_until_ready(window, timeout_ms: int = 120_000) -> bool:
    """Run the event loop until the warm-up and the first landscape are done."""
    from PySide6.QtCore import QEventLoop, QTimer

    session = window.session
    if session.landscape is not None and not session.compute.busy:
        return True
    loop = QEventLoop()
    session.landscapeChanged.connect(loop.quit)
    session.expressionChecked.connect(lambda err: loop.quit() if err is not None else None)
    QTimer.singleShot(timeout_ms, loop.quit)
    while session.compute.busy:
        loop.exec()
        if session.error is not None:
            break
    return session.landscape is not None


def application_icon_path() -> str | None:
    """resources/gdexplorer.png: inside the frozen bundle, or beside the package in a checkout."""
    import os

    root = getattr(sys, "_MEIPASS", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "resources", "gdexplorer.png")
    return path if os.path.isfile(path) else None


def render_all_views_once(window) -> None:
    """Bring every view up to date with the session and paint it now (screenshots, self-test)."""
    from PySide6.QtWidgets import QApplication

    window.map_view.update_trajectories()
    window.surface_view.update_trajectories()
    window.curves_view.update_curves()
    window.inspector.refresh()
    window.runs_panel.update_progress()
    window._show_run_summary()
    QApplication.processEvents()
    window.surface_view.gl.update()
    window.repaint()
    QApplication.processEvents()


def _save_screenshot(window, path: str) -> bool:
    render_all_views_once(window)
    ok = window.grab_image().save(path, "PNG")
    if ok:
        print(f"screenshot saved: {path}")
    else:
        print(f"gdexplorer: could not save the screenshot to {path}", file=sys.stderr)
    return ok


def _demo(window, seconds: float, screenshot: str | None, app) -> int:
    from PySide6.QtCore import QTimer

    from gdexplorer.app.runs import RUN_COLOURS, RunSettings

    session = window.session
    session.set_runs([
        RunSettings(optimizer=n, learning_rate=DEMO_RATES[n], start=(-1.5, 2.0), colour=RUN_COLOURS[i])
        for i, n in enumerate(DEMO_OPTIMIZERS)
    ])
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
    args = _parser().parse_args(_fix_negative_values(argv))
    try:
        width, height = _parse_size(args.size)
        if args.start:
            _parse_start(args.start)
        if args.steps < 0:
            raise ValueError(f"--steps must be >= 0, got {args.steps}")
        if args.demo is not None and not 0 < args.demo <= 3600:
            raise ValueError(f"--demo takes 0 < SECONDS <= 3600, got {args.demo}")
    except ValueError as exc:
        print(f"gdexplorer: error: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtCore import QCoreApplication, QSettings, Qt
    from PySide6.QtWidgets import QApplication

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
    scripted = args.screenshot is not None or args.demo is not None
    window = MainWindow(settings=None if scripted else QSettings())
    if scripted or args.function or args.optimizer or args.start:
        try:
            configure(window, args)
        except (KeyError, ValueError) as exc:
            print(f"gdexplorer: error: {str(exc).strip(chr(39))}", file=sys.stderr)
            return 2
    window.resize(width, height) if scripted else None
    window.show()
    window.start()
    if not scripted:
        return app.exec()
    if not wait_until_ready(window):
        print(f"gdexplorer: error: {window.session.error or 'the function could not be evaluated'}", file=sys.stderr)
        return 2
    if args.demo is not None:
        return _demo(window, args.demo, args.screenshot, app)
    window.player.step(args.steps) if args.steps <= window.player.step_limit else None
    if args.steps > window.player.step_limit:
        window.player.set_step_limit(args.steps)
        window.player.step(args.steps)
    code = 0 if _save_screenshot(window, args.screenshot) else 1
    window.close()
    return code
