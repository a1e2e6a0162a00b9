"""--schedule and --clip on run, sweep, basin and fit (issue 13): the same numbers as the library,
and bad text exits 2 with one `error:` line naming the bad part, writing nothing."""
from __future__ import annotations

import io

import numpy as np
import pytest

from gdexplorer.cli import main
from gdexplorer.core import basin, descent, sweep
from gdexplorer.core.expression import parse
from gdexplorer.core.fit import fit, synthetic

SCHEDULE = "linear:start_factor=0.1,total_iters=5+cosine:T_max=30"


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_with_a_schedule_and_clip_writes_the_library_trajectory(capsys):
    code, out, err = run_cli(capsys, "run", "-f", "(1-x)^2 + 100*(y-x^2)^2", "--start", "-1.2,1", "--optimizer", "adam",
                             "--lr", "0.05", "--steps", "40", "--schedule", SCHEDULE, "--clip", "2")
    assert code == 0, err
    got = np.loadtxt(io.StringIO(out), delimiter=",", skiprows=1)
    ref = descent.run(parse("(1-x)^2 + 100*(y-x^2)^2"), (-1.2, 1.0), "adam", steps=40, hyperparameters={"lr": 0.05},
                      schedule=SCHEDULE, clip=2.0)
    np.testing.assert_array_equal(got[:, 1:3], ref.points)


def test_sweep_basin_and_fit_take_them_too(capsys, tmp_path):
    expr = parse("x^2 + 3*y^2")
    code, out, err = run_cli(capsys, "sweep", "-f", "x^2 + 3*y^2", "--start", "1,1", "--lr-range", "0.01:0.2", "--num", "3",
                             "--steps", "20", "--schedule", "exponential:gamma=0.9", "--clip", "1")
    assert code == 0, err
    ref = sweep.sweep(expr, (1.0, 1.0), "gd", [0.01, 0.105, 0.2], 20, schedule="exponential:gamma=0.9", clip=1.0)
    rows = np.loadtxt(io.StringIO(out), delimiter=",", skiprows=1)
    np.testing.assert_array_equal(rows[:, 2:4], ref.points[:, -1, :])

    npz = tmp_path / "b.npz"
    code, out, err = run_cli(capsys, "basin", "-f", "x^2 + 3*y^2", "--grid", "4,3", "--range", "-1:1,-1:1", "--steps", "50",
                             "--lr", "0.1", "--schedule", "step:step_size=10,gamma=0.5+invsqrt", "--clip", "0.5",
                             "--out", str(npz))
    assert code == 0, err
    ref_b = basin.basin_map(expr, (-1, 1), (-1, 1), 4, 3, "gd", steps=50, hyperparameters={"lr": 0.1},
                            schedule="step:step_size=10,gamma=0.5+invsqrt", clip=0.5)
    np.testing.assert_array_equal(np.load(npz)["final_x"], ref_b.final_x)

    code, out, err = run_cli(capsys, "fit", "--epochs", "3", "--batch", "100", "--schedule", "cosine:T_max=30",
                             "--clip", "5")
    assert code == 0, err
    ref_f = fit(synthetic(), "gd", epochs=3, batch_size=100, schedule="cosine:T_max=30", clip=5.0)
    rows = np.loadtxt(io.StringIO(out), delimiter=",", skiprows=1)
    np.testing.assert_array_equal(rows[:, 2], ref_f.epochs.w)
    plain = fit(synthetic(), "gd", epochs=3, batch_size=100)
    assert not np.array_equal(plain.epochs.w, ref_f.epochs.w)


@pytest.mark.parametrize("command", [
    ["run", "-f", "x^2", "--start", "1"],
    ["sweep", "-f", "x^2", "--start", "1", "--lr-range", "0.1:0.2", "--num", "2", "--steps", "3"],
    ["basin", "-f", "x^2+y^2", "--grid", "2,2", "--range", "-1:1,-1:1"],
    ["fit", "--epochs", "1"],
])
@pytest.mark.parametrize("bad,words", [
    (["--schedule", "cosine:T_max=abc"], "T_max must be a number, got 'abc'"),
    (["--schedule", "exponential:gamma=0.9+step:step_size=3"], "part 1 'exponential:gamma=0.9'"),
    (["--schedule", "wave"], "unknown schedule 'wave'"),
    (["--clip", "-2"], "--clip"),
    (["--clip", "nan"], "--clip"),
])
def test_bad_schedule_or_clip_exits_2_with_one_error_line_and_no_file(capsys, tmp_path, command, bad, words):
    out_file = tmp_path / ("o.npz" if command[0] == "basin" else "o.csv")
    code, out, err = run_cli(capsys, *command, *bad, "--out", str(out_file))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0]
    assert not out_file.exists() and list(tmp_path.iterdir()) == []
