"""`gdexplorer --self-test`: prove an installation works, frozen or not.

Stages, each printing one line when it passes:

1. ``environment``  versions, frozen or not, where Numba caches compiled kernels;
2. ``parse``        parse an expression and check f and its gradient against the analytic values;
3. ``optimizers``   every optimizer of the registry runs a few steps on the bowl x² + y² through
                    the Numba kernels: every row finite, f and ∇f equal x² + y² and 2θ, f decreasing,
                    and closed forms where there is one (gd, newton, adam's first step);
4. ``specialize``   a kernel generated for the expression is written to the user cache, imported and
                    compiled (this is the path heavy batch work takes), and agrees with the interpreter;
5. ``kernels``      every kernel the window's start needs (its warm-up) and the Data mode's training
                    kernels load from the disk cache or compile (so stage 6 counts them too);
6. ``numba cache``  the kernels have an on-disk cache, and (frozen) it is in the user's cache
                    directory, not inside the bundle; says how many signatures were loaded vs compiled
                    and for which CPU (the frozen app's first launch uses generic kernels shipped in the
                    bundle: packaging/gdexplorer_shipped_kernels.py);
7. ``window``       the main window opens on the current display and reaches its first landscape;
8. ``views``        each view renders one frame that is not blank (the 3-D view through OpenGL).

Then it prints ``self-test OK`` and returns 0. The first failure prints
``self-test FAILED: <stage>: <reason>`` on stderr and returns 1; nothing is skipped silently.
``--no-window`` skips stages 7-8 (for a machine without a display) and says so in the OK line.
"""
from __future__ import annotations

import argparse
import faulthandler
import math
import os
import sys
import time
import traceback
from typing import Callable, Sequence

BOWL = "x^2 + y^2"
START = (1.0, -0.5)
STEPS = 5
WINDOW_TIMEOUT_S = 180


class SelfTestError(Exception):
    """A check failed; the message says what was expected and what was found."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


def _close(a: float, b: float, rel: float = 1e-12, abs_: float = 1e-12) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


# -- stages -----------------------------------------------------------------------------------------
def stage_environment(ctx: dict) -> str:
    import numba
    import numpy

    from gdexplorer import __version__

    frozen = bool(getattr(sys, "frozen", False))
    ctx["frozen"] = frozen
    if frozen:  # the bundle carries the application icon (packaging/gdexplorer.spec datas)
        icon = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "resources", "gdexplorer.png")
        _check(os.path.isfile(icon), f"the bundle has no application icon at {icon}")
    return (f"gdexplorer {__version__}, Python {sys.version.split()[0]}, numpy {numpy.__version__}, "
            f"numba {numba.__version__}, {'frozen (' + sys.executable + ')' if frozen else 'not frozen'}")


def stage_parse(ctx: dict) -> str:
    from gdexplorer.core import derivatives
    from gdexplorer.core.expression import parse

    expr = parse(BOWL)
    _check(expr.dim == 2, f"{BOWL!r} should be a function of x and y, got dim={expr.dim}")
    f, g = derivatives.value_and_gradient(expr, [3.0, -4.0])
    _check(_close(f, 25.0) and _close(g[0], 6.0) and _close(g[1], -8.0),
           f"f(3,-4) of {BOWL} should be 25 with gradient (6,-8), got f={f!r}, grad={list(g)!r}")
    ctx["expr"] = expr
    return f"{BOWL!r}: f(3,-4) = 25, grad = (6, -8)"


def _check_run(name: str, traj, lr: float) -> None:
    import numpy as np

    pts, f, g = traj.points, traj.f, traj.grad
    _check(traj.status == "ok", f"{name}: the run stopped: {traj.status} {traj.message}")
    _check(traj.steps == STEPS, f"{name}: {STEPS} steps expected, got {traj.steps}")
    _check(bool(np.all(np.isfinite(pts)) and np.all(np.isfinite(f)) and np.all(np.isfinite(g))),
           f"{name}: non-finite values in the trajectory")
    f_exact = (pts ** 2).sum(axis=1)
    _check(bool(np.allclose(f, f_exact, rtol=1e-12, atol=1e-14)), f"{name}: f is not x²+y² along the path: {f} vs {f_exact}")
    _check(bool(np.allclose(g, 2 * pts, rtol=1e-12, atol=1e-14)), f"{name}: the gradient is not 2θ along the path")
    _check(f[-1] < f[0], f"{name}: f did not decrease on the bowl in {STEPS} steps: {f[0]!r} -> {f[-1]!r}")
    start = np.array(START)
    if name == "gd":  # θ_k = (1 − 2α)^k θ_0 exactly
        expected = start * (1 - 2 * lr) ** STEPS
        _check(bool(np.allclose(pts[-1], expected, rtol=1e-12)), f"gd: θ_{STEPS} should be {expected}, got {pts[-1]}")
    elif name == "newton":  # one Newton step with α = 1 lands on the minimum of a quadratic
        _check(bool(np.allclose(pts[1], 0.0, atol=1e-12)), f"newton: one step should reach (0, 0), got {pts[1]}")
    elif name == "adam":  # the first bias-corrected step moves each coordinate by α·sign(g)
        expected = start - lr * np.sign(start)
        _check(bool(np.allclose(pts[1], expected, rtol=1e-6)), f"adam: θ_1 should be {expected}, got {pts[1]}")


def stage_optimizers(ctx: dict) -> str:
    from gdexplorer.core.descent import run
    from gdexplorer.core.optimizers import OPTIMIZERS

    _check(len(OPTIMIZERS) > 0, "the optimizer registry is empty")
    for name, spec in OPTIMIZERS.items():
        lr = spec.default_lr
        traj = run(ctx["expr"], START, name, steps=STEPS, noise=0.0, seed=0)
        _check_run(name, traj, lr)
    # sgd with its default noise: a seeded run is finite and reproducible
    a = run(ctx["expr"], START, "sgd", steps=STEPS, seed=7)
    b = run(ctx["expr"], START, "sgd", steps=STEPS, seed=7)
    _check(bool((a.points == b.points).all()), "sgd: the same seed gave two different trajectories")
    # the explained step reads the update rules' source (shipped beside their bytecode)
    import numpy as np

    from gdexplorer.core.explain import explain_step

    spec = OPTIMIZERS["adam"]
    e = explain_step(spec, {}, START, (2.0, -1.0), np.zeros((3, 2)), np.zeros(1), 1)
    _check(e.error == "" and e.agrees and len(e.stages) > 3, f"adam: the explained step failed: {e.error}")
    return f"{len(OPTIMIZERS)} optimizers x {STEPS} steps: {', '.join(OPTIMIZERS)}; the explained step agrees"


def stage_specialize(ctx: dict) -> str:
    import numpy as np

    from gdexplorer.core import derivatives, specialize

    expr = ctx["expr"]
    module = specialize.compile_kernels(expr)
    xs = np.linspace(-2.0, 2.0, 5)
    n = xs.size * xs.size
    f, gx, gy = np.empty(n), np.empty(n), np.empty(n)
    module.grid(xs, xs, True, f, gx, gy)
    X, Y = np.meshgrid(xs, xs)
    _check(bool(np.allclose(f, (X ** 2 + Y ** 2).ravel())), "the generated grid kernel disagrees with x²+y²")
    _check(bool(np.allclose(gx, 2 * X.ravel()) and np.allclose(gy, 2 * Y.ravel())),
           "the generated gradient kernel disagrees with 2θ")
    return f"generated kernels in {specialize.cache_dir()}"


def stage_kernels(ctx: dict) -> str:
    """The window's warm-up (the kernels its start calls) and the Data mode's training kernels."""
    from gdexplorer.app.compute import warm_up_kernels
    from gdexplorer.core.fit import compile_kernels

    t0 = time.perf_counter()
    warm_up_kernels()
    t1 = time.perf_counter()
    compile_kernels()
    return f"the window's warm-up {t1 - t0:.2f} s, the Data mode's training kernels {time.perf_counter() - t1:.2f} s"


def kernel_target() -> str:
    """For which CPU this process compiles (and loads) kernels, and why."""
    import llvmlite.binding as ll
    from numba.core import config

    mode = os.environ.get("GDEXPLORER_KERNELS", "")  # set by the frozen app's runtime hook
    if mode == "shipped" and config.CPU_NAME == "generic":
        return (f"CPU {config.CPU_NAME} (the kernels shipped with the app; this CPU's own are built in the "
                "background for the next launch)")
    if config.CPU_NAME:
        return f"CPU {config.CPU_NAME} (NUMBA_CPU_NAME)"
    return f"this CPU ({ll.get_host_cpu_name()})"


def numba_cache_stats() -> tuple[int, int, set[str]]:
    """(signatures loaded from Numba's disk cache, signatures compiled, cache directories used)."""
    from numba.core.dispatcher import Dispatcher

    hits = misses = 0
    paths: set[str] = set()
    seen: set[int] = set()
    for mod_name, module in list(sys.modules.items()):
        if module is None or not mod_name.startswith("gdexplorer"):
            continue
        for obj in list(vars(module).values()):
            if not isinstance(obj, Dispatcher) or id(obj) in seen or getattr(obj, "_cache", None) is None:
                continue
            seen.add(id(obj))
            stats = obj.stats
            hits += sum(stats.cache_hits.values())
            misses += sum(stats.cache_misses.values())
            if stats.cache_path:
                paths.add(stats.cache_path)
    return hits, misses, paths


def stage_numba_cache(ctx: dict) -> str:
    """Compiled kernels go to the user's cache, never into the installed bundle."""
    hits, misses, paths = numba_cache_stats()
    _check(bool(paths), "no Numba kernel has an on-disk cache (cache=True is not in effect)")
    if ctx.get("frozen"):
        bundle = os.path.realpath(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)))
        inside = [p for p in paths if os.path.realpath(p).startswith(bundle + os.sep)]
        _check(not inside, f"Numba caches compiled kernels inside the bundle: {', '.join(sorted(inside))}")
        try:  # the packaging's locator (packaging/gdexplorer_numba_cache.py): one folder, whatever the cwd
            from gdexplorer_numba_cache import cache_root
        except ImportError:
            cache_root = None
        if cache_root is not None:
            root = os.path.realpath(cache_root())
            from gdexplorer.core import specialize

            generated = os.path.realpath(specialize.cache_dir())
            stray = [p for p in paths if not os.path.realpath(p).startswith((root + os.sep, generated + os.sep))]
            _check(not stray, f"Numba caches bundled kernels outside {root}: {', '.join(sorted(stray))}")
    return (f"{hits} signature(s) loaded from the disk cache, {misses} compiled, for {kernel_target()}; "
            f"in {', '.join(sorted(paths))}")


def _qt_messages(ctx: dict) -> list[str]:
    """Collect Qt warnings (e.g. 'QOpenGLWidget: Failed to create context') to explain failures."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    messages: list[str] = []

    def handler(kind, context, text):
        if kind != QtMsgType.QtDebugMsg:
            messages.append(text)
        sys.stderr.write(f"qt: {text}\n")

    ctx["previous_qt_handler"] = qInstallMessageHandler(handler)
    return messages


def _display_problem() -> str | None:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal")):
        return (f"QT_QPA_PLATFORM={platform} has no OpenGL, so the 3-D view cannot render; "
                "unset it and run on a display (or under xvfb-run)")
    if sys.platform.startswith("linux") and not platform and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display: DISPLAY and WAYLAND_DISPLAY are unset (run on a desktop, or under xvfb-run -a)"
    return None


def open_main_window(timeout_s: float):
    """Create the explorer window on the bowl with two runs and wait for its first landscape."""
    import argparse as _argparse

    from gdexplorer import gui
    from gdexplorer.ui.main_window import MainWindow

    window = MainWindow(settings=None)
    args = _argparse.Namespace(function="bowl", start=None, optimizer="gd,adam", lr=None)
    gui.configure(window.session, args)
    window.resize(1280, 800)
    window.show()
    window.start()
    if not window.explorer.wait_until_ready(int(timeout_s * 1000)):
        error = window.session.error or f"no landscape within {timeout_s:.0f} s"
        window.close()
        raise SelfTestError(f"the window did not get its first landscape: {error}")
    window.player.step(20)
    return window


def stage_window(ctx: dict) -> str:
    problem = _display_problem()
    if problem:
        raise SelfTestError(problem)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(["gdexplorer"])
        app.setOrganizationName("gdexplorer")
        app.setApplicationName("gdexplorer")
    ctx["app"] = app
    ctx["qt_messages"] = _qt_messages(ctx)
    t0 = time.perf_counter()
    window = ctx["window"] = open_main_window(ctx.get("timeout", WINDOW_TIMEOUT_S))
    app.processEvents()
    _check(window.isVisible(), "the main window is not visible after show()")
    return (f"platform {app.platformName()}, {window.width()}x{window.height()}, "
            f"first landscape in {time.perf_counter() - t0:.2f} s")


def _image_stats(image) -> tuple[int, int, int]:
    """(width, height, number of distinct colours in a sample of the pixels)."""
    import numpy as np
    from PySide6.QtGui import QImage

    img = image.convertToFormat(QImage.Format_RGB32)
    w, h = img.width(), img.height()
    if w == 0 or h == 0:
        return w, h, 0
    arr = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.bytesPerLine() * h // 4)
    arr = arr.reshape(h, img.bytesPerLine() // 4)[:, :w]
    return w, h, int(np.unique(arr[:: max(1, h // 200), :: max(1, w // 200)]).size)


def _view_images(window) -> list[tuple[str, Callable]]:
    gl = window.surface_view.gl
    return [
        ("map (2-D contours)", lambda: window.map_view.grab().toImage()),
        ("surface (3-D, OpenGL)", gl.grabFramebuffer),
        ("curves", lambda: window.curves_view.grab().toImage()),
    ]


def stage_views(ctx: dict) -> str:
    window = ctx["window"]
    window.render_now()
    gl = window.surface_view.gl
    _check(window.surface_view.currentWidget() is window.surface_view.gl_container, "the 3-D view does not show the OpenGL surface for a 2-D function")
    parts = []
    for name, grab in _view_images(window):
        w, h, colours = _image_stats(grab())
        if name.startswith("surface"):
            _check(gl.isValid(), "the OpenGL context of the 3-D view is not valid: "
                   + ("; ".join(ctx.get("qt_messages") or []) or "no Qt message"))
        _check(w > 0 and h > 0, f"{name}: the view has no size ({w}x{h})")
        _check(colours >= 8, f"{name}: the rendered frame is blank ({colours} distinct colour(s) in {w}x{h})")
        parts.append(f"{name} {w}x{h} {colours} colours")
    return "; ".join(parts)


def stage_translations(ctx: dict) -> str:
    """The Chinese interface's compiled translations (ours and Qt's own) are shipped and load."""
    from PySide6.QtCore import QCoreApplication

    from gdexplorer.app import i18n

    if QCoreApplication.instance() is None:  # --no-window: translators need only a core application
        ctx["core_app"] = QCoreApplication(["gdexplorer"])
    files = i18n.qm_files("zh_CN")
    _check(len(files) > 0, f"no compiled zh_CN translations in {i18n.QM_DIR}")
    try:
        _check(i18n.install("zh_CN") == "zh_CN", "the zh_CN translations did not load")
        ours = i18n.tr_registry("Gradient descent")
        qt = QCoreApplication.translate("QPlatformTheme", "Cancel")
        _check(ours != "Gradient descent", "the zh_CN translations load but do not translate 'Gradient descent'")
        _check(qt != "Cancel", "Qt's own zh_CN translations (qtbase_zh_CN.qm) are missing: 'Cancel' stays English")
    finally:
        i18n.install(i18n.ENGLISH)
    return f"zh_CN: {len(files)} files; Gradient descent = {ours}, Cancel = {qt}"


STAGES = [
    ("environment", stage_environment),
    ("parse", stage_parse),
    ("optimizers", stage_optimizers),
    ("specialize", stage_specialize),
    ("kernels", stage_kernels),
    ("numba cache", stage_numba_cache),
    ("window", stage_window),
    ("views", stage_views),
    ("translations", stage_translations),
]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gdexplorer --self-test", description="Check that this installation works.")
    p.add_argument("--no-window", action="store_true", help="skip opening the window (no display available)")
    p.add_argument("--timeout", type=float, default=300.0, metavar="S",
                   help="abort with exit 1 and a traceback if the whole test takes longer (default 300; 0: no limit)")
    return p


def _one_line(exc: BaseException) -> str:
    """`Type: first line of the message`, plus the cause's (numpy's import error hides it at the end)."""
    def first(e):
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        return f"{type(e).__name__}: {lines[0]}" if lines else type(e).__name__

    text = first(exc)
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        text += f" (caused by {first(cause)})"
    return text


def run_stages(stages, ctx: dict, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    for name, fn in stages:
        t0 = time.perf_counter()
        try:
            detail = fn(ctx)
        except SelfTestError as exc:
            print(f"self-test FAILED: {name}: {exc}", file=err, flush=True)
            return 1
        except BaseException as exc:  # noqa: BLE001 - any failure is the answer, with its traceback
            if isinstance(exc, KeyboardInterrupt):
                raise
            traceback.print_exc(file=err)
            reason = _one_line(exc)
            print(f"self-test FAILED: {name}: {reason}", file=err, flush=True)
            return 1
        print(f"{name}: ok ({time.perf_counter() - t0:.2f} s): {detail}", file=out, flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(argv or []))
    t0 = time.perf_counter()
    ctx: dict = {"timeout": max(30.0, args.timeout - 30.0) if args.timeout > 0 else WINDOW_TIMEOUT_S}
    if args.timeout > 0:  # a hang is a failure too: tracebacks on stderr, exit 1
        faulthandler.dump_traceback_later(args.timeout, exit=True, file=sys.__stderr__ or sys.stderr)
    stages = [s for s in STAGES if not (args.no_window and s[0] in ("window", "views"))]
    try:
        code = run_stages(stages, ctx)
        if code == 0:
            skipped = " (window skipped: --no-window)" if args.no_window else ""
            print(f"self-test OK{skipped} in {time.perf_counter() - t0:.2f} s", flush=True)
        return code
    finally:
        if args.timeout > 0:
            faulthandler.cancel_dump_traceback_later()
        window = ctx.get("window")
        if window is not None:
            window.close()
            window.deleteLater()
            ctx["app"].processEvents()
        if "previous_qt_handler" in ctx:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(ctx["previous_qt_handler"])
