"""Soak: six runs taken 100,000 steps each in Play-sized ticks hold every step exactly, in memory
that grows linearly with a small constant (a 2-D row is 40 bytes: x, y, f and the two partial
derivatives; the buffers double when full, so at most twice that), and reading a trajectory
copies nothing (a frame must not cost O(steps))."""
from __future__ import annotations

import numpy as np

from gdexplorer.app.demo import demo_runs
from gdexplorer.core.descent import run

ROW_BYTES = 5 * 8  # x, y, f, ∂f/∂x, ∂f/∂y as doubles
TICK = 125  # what one Play tick takes at 5000 steps/s
STEPS = 100_000


def test_six_runs_of_100000_steps_hold_exact_rows_in_linear_memory(session):
    session.set_runs(demo_runs())  # six optimizers on Rosenbrock
    runs = session.runs
    assert len(runs) == 6 and session.dim == 2
    early = {}
    checkpoints = {25_000, 50_000, STEPS}
    while max(r.steps_taken for r in runs) < STEPS:
        session.step(TICK, limit=STEPS)
        steps = runs[0].steps_taken
        if steps == 1000:
            early = {i: r.trajectory for i, r in enumerate(runs)}  # a trajectory read during Play
        if steps in checkpoints:
            for r in runs:
                rows = r.steps_taken + 1
                assert rows * ROW_BYTES <= r.stored_bytes <= 2 * rows * ROW_BYTES + 16 * ROW_BYTES, (r.steps_taken, r.stored_bytes)
    total = sum(r.stored_bytes for r in runs)
    assert total <= 6 * 2 * (STEPS + 1) * ROW_BYTES + 6 * 16 * ROW_BYTES  # <= 48 MB for 600,000 steps
    for i, r in enumerate(runs):
        traj = r.trajectory
        assert r.steps_taken == STEPS and not r.finished  # all six ran every step (none diverged)
        assert traj.points.nbytes + traj.f.nbytes + traj.grad.nbytes == (STEPS + 1) * ROW_BYTES
        # reading the trajectory again copies nothing: the same buffers, read-only
        again = r.trajectory
        assert np.shares_memory(again.points, traj.points) and not traj.points.flags.writeable
        # a trajectory read earlier still says what it said: rows once written never change
        before = early[i]
        assert before.steps == 1000
        np.testing.assert_array_equal(before.points, traj.points[:1001])
        np.testing.assert_array_equal(before.f, traj.f[:1001])
    # exact: the rows stepped 125 at a time equal a run made in one call (the CSV exports these)
    s = runs[4].settings  # adam
    whole = run(session.expr, s.start, s.optimizer, steps=STEPS, hyperparameters=s.hyperparameters, seed=s.seed)
    np.testing.assert_array_equal(runs[4].trajectory.points, whole.points)
    np.testing.assert_array_equal(runs[4].trajectory.f, whole.f)
    np.testing.assert_array_equal(runs[4].trajectory.grad, whole.grad)
