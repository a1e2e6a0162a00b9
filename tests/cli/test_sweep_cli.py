"""`gdexplorer sweep`: exact columns, exact learning rates, rows equal to single runs bit for bit,
one non-finite row per diverged run, and one `error:` line (exit 2, no --out file) for bad input."""
from __future__ import annotations

import csv
import io
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from gdexplorer.cli import main
from gdexplorer.core.descent import run
from gdexplorer.core.expression import parse

SEED_004 = "(x*cos(pi*x) + (1 - 1/pi)*sin(pi*x))/pi"


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def table(text):
    return list(csv.reader(io.StringIO(text)))


def test_lrs_exact_and_rows_equal_single_runs(capsys):
    a, b, k, steps, keep = 0.01, 0.35, 5, 30, 4
    code, out, err = run_cli(capsys, "sweep", "-f", "x^2 + 3*sin(y)^2 + x*y", "--start", "-1.5,2", "--optimizer",
                             "momentum", "--set", "momentum=0.6", "--lr-range", f"{a}:{b}", "--num", str(k),
                             "--steps", str(steps), "--keep", str(keep))
    assert code == 0 and err == ""
    rows = table(out)
    assert rows[0] == ["lr", "k", "x", "y", "f"]
    assert len(rows) == 1 + k * keep
    expr = parse("x^2 + 3*sin(y)^2 + x*y")
    for i in range(k):
        block = rows[1 + i * keep: 1 + (i + 1) * keep]
        lr = a + i * (b - a) / (k - 1)
        assert all(float(r[0]) == lr for r in block)  # repr: reads back exactly
        assert [int(r[1]) for r in block] == list(range(keep - 1, -1, -1))  # oldest first, k = 0 last
        ref = run(expr, (-1.5, 2.0), "momentum", steps=steps, hyperparameters={"lr": lr, "momentum": 0.6})
        for r in block:
            row = ref.steps - int(r[1])
            assert float(r[2]) == ref.points[row, 0] and float(r[3]) == ref.points[row, 1]
            assert float(r[4]) == ref.f[row]


def test_log_spacing(capsys):
    code, out, _ = run_cli(capsys, "sweep", "-f", "x^2", "--start", "1", "--lr-range", "1e-3:0.9", "--num", "7",
                           "--log", "--steps", "5")
    rows = table(out)
    assert code == 0 and rows[0] == ["lr", "k", "x", "f"] and len(rows) == 8
    lrs = [float(r[0]) for r in rows[1:]]
    assert lrs == [1e-3 * (0.9 / 1e-3) ** (i / 6) for i in range(7)]
    for lr, r in zip(lrs, rows[1:]):  # gd on x² from 1: x_5 = (1 − 2·lr)^5
        assert float(r[2]) == pytest.approx((1 - 2 * lr) ** 5, rel=1e-12)


def test_seed_004_regimes_and_diverged_row(capsys):
    code, out, err = run_cli(capsys, "sweep", "-f", SEED_004, "--start", "-1", "--lr-range", "0.1:10",
                             "--num", "3", "--steps", "1000", "--keep", "2")
    assert code == 0
    rows = table(out)[1:]
    lrs = [0.1, 0.1 + 1 * (10 - 0.1) / 2, 10.0]
    assert [float(r[0]) for r in rows[:2]] == [0.1, 0.1]
    assert abs(float(rows[1][2]) + 0.38345) < 1e-4  # stuck in the local minimum
    ref = run(parse(SEED_004), [-1.0], "gd", steps=1000, hyperparameters={"lr": lrs[1]})
    assert ref.status == "diverged" and rows[2] == [repr(lrs[1]), "0", "nan", "nan"]  # one row, not keep rows
    assert rows[3] == ["10.0", "0", "nan", "nan"] and len(rows) == 4
    assert err.startswith("note: 2 of 3 runs stopped early") and err.count("\n") == 1


def test_single_rate_and_out_file(capsys, tmp_path):
    path = tmp_path / "sweep.csv"
    code, out, _ = run_cli(capsys, "sweep", "-f", "x^2+y^2", "--start", "-3,4", "--lr-range", "0.1:0.1",
                           "--num", "1", "--steps", "3", "--keep", "4", "--out", str(path))
    assert code == 0 and out == ""
    assert path.read_text().splitlines() == [
        "lr,k,x,y,f", "0.1,3,-3.0,4.0,25.0", "0.1,2,-2.4,3.2,16.0", "0.1,1,-1.92,2.56,10.24",
        "0.1,0,-1.536,2.048,6.553599999999999"]
    assert os.listdir(tmp_path) == ["sweep.csv"]


BAD = [
    (["-f", "x^2 + )", "--start", "1"], "unexpected"),
    (["-f", "x^2", "--start", "1,2"], "--start"),
    (["-f", "x^2", "--start", "a"], "--start"),
    (["-f", "sqrt(x)", "--start", "-1"], "start"),
    (["-f", "x^2", "--start", "1", "--lr-range", "0.1"], "--lr-range"),
    (["-f", "x^2", "--start", "1", "--lr-range", "a:1"], "--lr-range"),
    (["-f", "x^2", "--start", "1", "--lr-range", "0.1:nan"], "finite"),
    (["-f", "x^2", "--start", "1", "--lr-range", "1:0.1"], "A < B"),
    (["-f", "x^2", "--start", "1", "--lr-range", "0.2:0.2"], "A < B"),
    (["-f", "x^2", "--start", "1", "--lr-range", "0:1"], "lr must be in"),
    (["-f", "x^2", "--start", "1", "--lr-range", "-1:1"], "lr must be in"),
    (["-f", "x^2", "--start", "1", "--lr-range", "0:1", "--log"], "0 < A"),
    (["-f", "x^2", "--start", "1", "--num", "0"], "--num"),
    (["-f", "x^2", "--start", "1", "--num", "2.5"], "--num"),
    (["-f", "x^2", "--start", "1", "--steps", "-1"], "--steps"),
    (["-f", "x^2", "--start", "1", "--keep", "0"], "--keep"),
    (["-f", "x^2", "--start", "1", "--keep", "12"], "--keep"),
    (["-f", "x^2", "--start", "1", "--set", "nope=1"], "nope"),
    (["-f", "x^2", "--start", "1", "--set", "weight_decay=x"], "weight_decay"),
    (["-f", "x^2", "--start", "1", "--set", "lr=0.1"], "lr"),
    (["-f", "x^2", "--start", "1", "--set", "momentum"], "KEY=VALUE"),
    (["-f", "x^2", "--start", "1", "--optimizer", "nope"], "unknown optimizer"),
    (["-f", "x^2", "--start", "1", "--optimizer", "adam", "--set", "beta1=1"], "beta1"),
]


def _argv(args):
    defaults = {"--lr-range": "0.1:0.5", "--num": "3", "--steps": "10"}
    argv = ["sweep", *args]
    for opt, value in defaults.items():
        if opt not in args:
            argv += [opt, value]
    return argv


@pytest.mark.parametrize("args,needle", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_one_error_line_and_no_out_file(capsys, tmp_path, args, needle):
    path = tmp_path / "out.csv"
    code, out, err = run_cli(capsys, *_argv(args), "--out", str(path))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and needle in err
    assert os.listdir(tmp_path) == []  # no partial file, no temporary left behind


def test_bad_input_keeps_an_existing_out_file(capsys, tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("before\n")
    code, _, _ = run_cli(capsys, *_argv(["-f", "x^2", "--start", "1", "--keep", "0"]), "--out", str(path))
    assert code == 2 and path.read_text() == "before\n" and os.listdir(tmp_path) == ["out.csv"]


def test_subprocess_exit_codes_and_no_traceback(tmp_path):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", "gdexplorer", "sweep", "-f", "x^2", "--start", "-2", "--lr-range", "-0.5:0.5",
           "--num", "3", "--steps", "2", "--out", str(tmp_path / "x.csv")]
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and os.listdir(tmp_path) == []
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
    ok = subprocess.run(cmd[:9] + ["0.25:0.5"] + cmd[10:14], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    # gd on x² from -2: x_2 = -2·(1 − 2·lr)²; lr 0.5 lands on 0 in one step (-2 + 0.5·4)
    assert ok.stdout.splitlines() == ["lr,k,x,f", "0.25,0,-0.5,0.25", "0.375,0,-0.125,0.015625", "0.5,0,0.0,0.0"]
    assert math.isfinite(float(ok.stdout.splitlines()[1].split(",")[2]))
