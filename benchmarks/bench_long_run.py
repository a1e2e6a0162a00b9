"""Long runs: frames per second with 7 runs at 5000 steps/s once their paths are long, and memory
after a soak of 100,000 steps x 6 runs, in the real window (Xvfb + Mesa llvmpipe: software OpenGL).

* frames/s: the 7 runs are first advanced to the length 10 s and 60 s of Play at 5000 steps/s
  give them (50,000 and 300,000 steps; "simulated play": stepped directly, as Play's ticks do, but
  without waiting), then Play runs for a few seconds of wall time at 5000 steps/s and we count what
  was painted: 3-D frames (GL paints), map frames and loss-curve updates. How long the UI thread
  was busy at a time is reported too (from a 5 ms probe timer's gaps; the house rule is 50 ms).
* memory: 6 runs stepped in Play-sized ticks (125 steps) to 100,000 steps each with the map, the
  3-D view and the curves redrawn every few ticks; numpy/Python memory (tracemalloc) and the
  process's resident set (RSS, which also sees Qt's and OpenGL's allocations) at checkpoints, and
  the trajectory store's own bytes (exact rows: 40 bytes a step for a 2-D run).

Budgets printed as ratios: >= 30 frames/s, memory within 2.5x the exact rows plus 16 MiB. The
machine's cores are shared, so the frame rate of fresh runs at 200 steps/s (short paths) is
measured first, as a reference for how busy the machine is.

Run: `python benchmarks/bench_long_run.py` (re-runs itself under xvfb-run when there is no display).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc

XVFB_ARGS = ["xvfb-run", "-a", "-s", "-screen 0 1600x1200x24 +extension GLX +render"]
SPEED = 5000.0  # steps per second: the speed box's maximum
TICK_STEPS = 125  # what one Play tick takes at 5000 steps/s (a tick every 25 ms)
PLAY_SECONDS = 6.0
PROBE_MS = 5
FPS_BUDGET = 30.0
SOAK_STEPS, SOAK_RUNS = 100_000, 6
MIB = 1024 * 1024


def rss_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def store_bytes(session) -> tuple[int, int]:
    """(bytes of the exact rows, bytes the trajectories' buffers hold): a view's buffer counts once."""
    rows, buffers = 0, {}
    for run in session.runs:
        traj = run.trajectory
        if traj is None:
            continue
        for arr in (traj.points, traj.f, traj.grad):
            rows += arr.nbytes
            base = arr if arr.base is None else arr.base
            while getattr(base, "base", None) is not None:
                base = base.base
            buffers[id(base)] = getattr(base, "nbytes", arr.nbytes)
    return rows, sum(buffers.values())


def advance(session, steps: int) -> None:
    """Every run to ``steps`` steps, in Play-sized ticks, without painting (simulated play)."""
    for run in session.runs:
        while not run.finished and run.steps_taken < steps:
            run.step(min(TICK_STEPS, steps - run.steps_taken))
    session.trajectoriesChanged.emit()


def refresh(app, window) -> None:
    window.map_view.update_trajectories()
    window.surface_view.update_trajectories()
    window.curves_view.update_curves()
    app.processEvents()


def play(app, window, seconds: float, speed: float = SPEED) -> dict:
    """Play at ``speed`` for ``seconds`` of wall time; count the frames each view painted."""
    from PySide6.QtCore import QEventLoop, QTimer

    counts = {"gl": 0, "map": 0, "curves": 0}
    gl = window.surface_view.gl
    original_paint = gl.paintGL

    def counting_paint(*args):
        counts["gl"] += 1
        return original_paint(*args)

    def counter(name):
        def count():
            counts[name] += 1
        return count

    gl.paintGL = counting_paint
    hooks = [(window.map_view.throttled_trajectories.triggered, counter("map")),
             (window.curves_view.throttled_curves.triggered, counter("curves"))]
    for signal, slot in hooks:
        signal.connect(slot)
    player = window.player
    player.set_step_limit(10**8)
    player.set_speed(speed)
    steps_before = window.session.runs[0].steps_taken
    # a probe timer every 5 ms: the gaps between its calls are how long the UI thread was busy
    gaps, last = [], [time.perf_counter()]

    def probe_tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(probe_tick)
    loop = QEventLoop()
    QTimer.singleShot(int(1000 * seconds), loop.quit)
    t0 = time.perf_counter()
    probe.start()
    player.play()
    loop.exec()  # the event loop as the app runs it: no busy waiting
    elapsed = time.perf_counter() - t0
    player.pause()
    probe.stop()
    gl.paintGL = original_paint
    for signal, slot in hooks:
        signal.disconnect(slot)
    gaps.sort()
    return {
        "steps_per_run": window.session.runs[0].steps_taken,
        "steps_per_s": round((window.session.runs[0].steps_taken - steps_before) / elapsed),
        "frames_3d_per_s": round(counts["gl"] / elapsed, 1),
        "frames_map_per_s": round(counts["map"] / elapsed, 1),
        "curves_per_s": round(counts["curves"] / elapsed, 1),
        "longest_busy_ms": round(1e3 * gaps[-1], 1),
        "p90_busy_ms": round(1e3 * gaps[int(0.9 * (len(gaps) - 1))], 1),
    }


def soak(app, window, settings) -> dict:
    """SOAK_RUNS runs to SOAK_STEPS steps in ticks, the views redrawn every 8 ticks (5 a second of
    Play at 40 ticks a second would be every tick: the store is what grows, not the redraw rate)."""
    session = window.session
    session.set_runs(settings)
    session.reset_runs()
    refresh(app, window)
    tracemalloc.start()
    base_traced, base_rss = tracemalloc.get_traced_memory()[0], rss_bytes()
    checkpoints = []
    ticks = 0
    t0 = time.perf_counter()
    while session.runs[0].steps_taken < SOAK_STEPS:
        session.step(TICK_STEPS)
        ticks += 1
        if ticks % 8 == 0:
            refresh(app, window)
        steps = session.runs[0].steps_taken
        if steps % 25_000 == 0:
            refresh(app, window)
            rows, buffers = store_bytes(session)
            checkpoints.append({"steps": steps, "rows_MiB": round(rows / MIB, 2), "buffers_MiB": round(buffers / MIB, 2),
                                "traced_MiB": round((tracemalloc.get_traced_memory()[0] - base_traced) / MIB, 2),
                                "rss_MiB": round((rss_bytes() - base_rss) / MIB, 1)})
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] - base_traced
    tracemalloc.stop()
    return {"runs": len(session.runs), "steps": session.runs[0].steps_taken, "seconds": round(seconds, 1),
            "checkpoints": checkpoints, "traced_peak_MiB": round(peak / MIB, 2)}


def main() -> int:
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run") and "--no-xvfb" not in sys.argv:
        return subprocess.call(XVFB_ARGS + [sys.executable, __file__, "--no-xvfb"])
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication([])
    from gdexplorer.app.demo import demo_runs
    from gdexplorer.app.explorer import Explorer
    from gdexplorer.app.runs import RUN_COLOURS, RunSettings
    from gdexplorer.ui.main_window import MainWindow

    explorer = Explorer()
    explorer.session.set_runs(demo_runs())
    window = MainWindow(explorer)
    window.resize(1600, 1000)
    window.show()
    window.start()
    if not explorer.wait_until_ready():
        print("the landscape was not computed", file=sys.stderr)
        return 1
    refresh(app, window)

    soaked = soak(app, window, demo_runs())
    last = soaked["checkpoints"][-1]
    exact_mib = last["rows_MiB"]
    budget_mib = 2.5 * exact_mib + 16
    print(f"soak: {soaked['runs']} runs x {soaked['steps']} steps in {soaked['seconds']} s")
    for c in soaked["checkpoints"]:
        print(f"  {c['steps']:>7} steps: exact rows {c['rows_MiB']:.1f} MiB, buffers {c['buffers_MiB']:.1f} MiB, "
              f"tracemalloc +{c['traced_MiB']:.1f} MiB, RSS +{c['rss_MiB']:.0f} MiB")
    print(f"  tracemalloc peak +{soaked['traced_peak_MiB']:.1f} MiB; budget 2.5 x exact + 16 = {budget_mib:.1f} MiB: "
          f"traced/budget = {last['traced_MiB'] / budget_mib:.2f}, RSS/budget = {last['rss_MiB'] / budget_mib:.2f}")

    # seven racers: the demo's six and a noisy sgd that never settles (its path scribbles forever)
    race = demo_runs() + [RunSettings(optimizer="sgd", hyperparameters={"lr": 1e-3}, start=demo_runs()[0].start,
                                      colour=RUN_COLOURS[6])]
    window.session.set_runs(race)
    window.session.reset_runs()
    refresh(app, window)
    # the reference on this machine as it is now (other work shares its 2 cores): short paths,
    # fresh runs at 200 steps/s, which every frame drew whole before and after this change
    phases = {"fresh_200_steps_per_s": play(app, window, PLAY_SECONDS, speed=200.0)}
    window.session.reset_runs()
    refresh(app, window)
    for label, seconds_of_play in (("after_10s", 10), ("after_60s", 60)):
        advance(window.session, int(SPEED * seconds_of_play))
        refresh(app, window)
        phases[label] = play(app, window, PLAY_SECONDS)
    frames = []
    for label, r in phases.items():
        what = ("7 fresh runs at 200 steps/s (short paths, the reference)" if label.startswith("fresh") else
                f"7 runs at {SPEED:.0f} steps/s, {label.replace('_', ' ')} of play")
        print(f"{what} ({r['steps_per_run']} steps a run): "
              f"{r['frames_3d_per_s']} 3-D frames/s, {r['frames_map_per_s']} map frames/s, {r['curves_per_s']} curve "
              f"updates/s, {r['steps_per_s']} steps/s taken; the UI thread busy up to {r['longest_busy_ms']} ms at a "
              f"time (p90 {r['p90_busy_ms']} ms)")
        if not label.startswith("fresh"):
            frames += [r["frames_3d_per_s"], r["frames_map_per_s"]]
    reference = min(phases["fresh_200_steps_per_s"]["frames_3d_per_s"], phases["fresh_200_steps_per_s"]["frames_map_per_s"])
    print(f"  worst frames/s of the long runs over budget {FPS_BUDGET:.0f}: {min(frames) / FPS_BUDGET:.2f}; "
          f"over the short-path reference now: {min(frames) / reference:.2f}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(json.dumps({"soak": soaked, "play": phases,
                      "renderer": "Mesa llvmpipe (software OpenGL) under Xvfb"}))
    window.close()
    explorer.shutdown(10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
