"""Per-frame update cost of the explorer window: 6 runs racing on a 200x200 surface.

Two figures, each the median over many frames with the real widgets and real OpenGL (Xvfb + Mesa
llvmpipe here, so the GPU part is software-rendered and pessimistic):

* animation frame: every run takes a step, and the 2-D map, the 3-D trajectories, the curves,
  the runs table and the inspector are updated and repainted (what Play does 30-60 times a second);
* full redraw: the same plus a new 200x200 surface, heatmap, contours and gradient arrows
  (what a new function or range costs on the UI thread once its landscape has been computed).

Run: `python benchmarks/bench_frame.py` (re-runs itself under xvfb-run when there is no display).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time

XVFB_ARGS = ["xvfb-run", "-a", "-s", "-screen 0 1600x1200x24 +extension GLX +render"]


def _frames(app, window, n, full: bool) -> list[float]:
    """Cost of one animation frame: every run steps, the 2-D map and the 3-D view take the new
    trajectories and repaint (``full``: a new landscape too). The curves, table and inspector
    refresh at ~8 Hz during Play; they are measured by the Play figure below."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        window.session.step(1)
        if full:
            window.map_view.update_landscape()
            window.surface_view.update_landscape()
        window.map_view.update_trajectories()
        window.surface_view.update_trajectories()
        app.processEvents()  # the paint events the updates scheduled: map, GL surface, window
        times.append(time.perf_counter() - t0)
    return times


def _play(app, window, seconds: float) -> tuple[float, float]:
    """Press Play for ``seconds`` of wall time at 60 steps/s; return (3-D frames/s, map frames/s)
    actually painted, everything else in the window running as a user sees it."""
    gl_frames = [0]
    original_paint = window.surface_view.gl.paintGL

    def counting_paint(*args):
        gl_frames[0] += 1
        return original_paint(*args)

    window.surface_view.gl.paintGL = counting_paint
    map_frames = [0]

    def count_map_frame():
        map_frames[0] += 1

    map_updates = window.map_view.throttled_trajectories.triggered  # one per map redraw
    map_updates.connect(count_map_frame)
    window.player.set_step_limit(10**6)
    window.player.set_speed(60)
    window.player.play()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
    elapsed = time.perf_counter() - t0
    window.player.pause()
    window.surface_view.gl.paintGL = original_paint
    map_updates.disconnect(count_map_frame)
    return gl_frames[0] / elapsed, map_frames[0] / elapsed


def main() -> int:
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run") and "--no-xvfb" not in sys.argv:
        return subprocess.call(XVFB_ARGS + [sys.executable, __file__, "--no-xvfb"])
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication([])
    from gdexplorer.app.demo import demo_runs
    from gdexplorer.app.explorer import Explorer
    from gdexplorer.ui.main_window import MainWindow

    explorer = Explorer()
    runs = demo_runs()  # the `make run` race: six optimizers on Rosenbrock
    explorer.session.set_runs(runs)
    window = MainWindow(explorer)
    window.resize(1600, 1000)
    window.show()
    window.start()
    if not explorer.wait_until_ready():
        print("the landscape was not computed", file=sys.stderr)
        return 1
    land = window.session.landscape
    assert land.f.shape == (200, 200), land.f.shape
    _frames(app, window, 20, full=False)  # warm caches, shaders, VBOs
    animation = _frames(app, window, 300, full=False)
    full = _frames(app, window, 60, full=True)
    gl_fps, map_fps = _play(app, window, 5.0)
    result = {
        "runs": len(runs), "surface": "200x200", "trajectory_points": int(window.session.runs[0].steps_taken) + 1,
        "animation_frame_ms": round(1e3 * statistics.median(animation), 2),
        "animation_frame_p90_ms": round(1e3 * sorted(animation)[int(0.9 * len(animation))], 2),
        "full_redraw_ms": round(1e3 * statistics.median(full), 2),
        "play_3d_frames_per_s": round(gl_fps, 1),
        "play_map_frames_per_s": round(map_fps, 1),
        "renderer": "Mesa llvmpipe (software OpenGL) under Xvfb" if not os.environ.get("GDEXPLORER_GPU") else "GPU",
    }
    fps = 1e3 / result["animation_frame_ms"]
    print(f"per-frame update cost, {len(runs)} runs on a 200x200 surface:")
    print(f"  animation frame (every run steps; map and 3-D trajectories redrawn and painted): {result['animation_frame_ms']:.2f} ms median, "
          f"{result['animation_frame_p90_ms']:.2f} ms p90  -> {fps:.0f} frames/s possible")
    print(f"  full redraw (new surface, heatmap, contours, arrows + the above): {result['full_redraw_ms']:.2f} ms median")
    print(f"  Play for 5 s at 60 steps/s: {gl_fps:.1f} 3-D frames/s and {map_fps:.1f} map frames/s painted")
    print(json.dumps(result))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
