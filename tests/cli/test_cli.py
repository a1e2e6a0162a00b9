"""The `gdexplorer` command line is a contract other tools script against: exact columns, exact
floats, exit codes and one-line errors."""
from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys

import pytest

from gdexplorer.cli import main
from gdexplorer.core.optimizers import OPTIMIZERS


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_run_seed_001_bowl(capsys):
    # seed 001: x^2+y^2 from (-3, 4), lr 0.1: each step multiplies the point by 0.8
    code, out, err = run_cli(capsys, "run", "-f", "x^2+y^2", "--start", "-3,4", "--lr", "0.1")
    assert code == 0 and err == ""
    table = rows(out)
    assert table[0] == ["step", "x", "y", "f", "gx", "gy"]
    assert len(table) == 1 + 101  # defaults: 100 steps, row 0 is the start
    assert table[1] == ["0", "-3.0", "4.0", "25.0", "-6.0", "8.0"]
    last = [float(v) for v in table[-1][1:]]
    assert last[0] == pytest.approx(-3 * 0.8**100, rel=1e-9)  # about -6.1e-10
    assert last[1] == pytest.approx(4 * 0.8**100, rel=1e-9)  # about 8.1e-10
    assert last[3] == pytest.approx(2 * last[0], rel=1e-12)  # gx is taken at the row's point


def test_run_floats_round_trip(capsys):
    code, out, _ = run_cli(capsys, "run", "-f", "sin(x)*y", "--start", "0.3,0.7", "--optimizer", "adam", "--steps", "7")
    from gdexplorer.core.descent import run
    from gdexplorer.core.expression import parse

    ref = run(parse("sin(x)*y"), (0.3, 0.7), "adam", steps=7)
    table = rows(out)[1:]
    for k, row in enumerate(table):
        assert int(row[0]) == k
        assert float(row[1]) == ref.points[k, 0]  # repr round-trips exactly
        assert float(row[2]) == ref.points[k, 1]
        assert float(row[3]) == ref.f[k]


def test_run_1d_columns_and_seed_004(capsys):
    code, out, _ = run_cli(capsys, "run", "-f", "x*cos(pi*x)", "--start", "0.5", "--lr", "0.1", "--steps", "5")
    table = rows(out)
    assert code == 0 and table[0] == ["step", "x", "f", "gx"]
    assert float(table[-1][1]) == pytest.approx(1.0899, abs=1e-4)  # exact GD reaches the minimum near 1.09


def test_negative_numbers_as_separate_tokens(capsys):
    code, out, _ = run_cli(capsys, "run", "-f", "-x^2 - y^2 + x^4 + y^4", "--start", "-1.5,2", "--steps", "1")
    assert code == 0
    assert rows(out)[1][1:3] == ["-1.5", "2.0"]
    code, out, _ = run_cli(capsys, "grad", "-f", "x^2*y", "--at", "-0.6,2.2")
    data = json.loads(out)
    assert data["grad"] == pytest.approx([2 * -0.6 * 2.2, 0.36])


def test_grad_json_matches_rosenbrock_formulas(capsys):
    code, out, _ = run_cli(capsys, "grad", "-f", "(1-x)^2 + 100*(y-x^2)^2", "--at", "-0.6,2.2")
    x, y = -0.6, 2.2
    data = json.loads(out)
    assert code == 0 and set(data) == {"f", "grad", "hessian"}
    assert data["f"] == pytest.approx((1 - x) ** 2 + 100 * (y - x * x) ** 2, rel=1e-14)
    assert data["grad"] == pytest.approx([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], rel=1e-13)
    hxx = 2 - 400 * (y - x * x) + 800 * x * x
    assert data["hessian"] == [pytest.approx([hxx, -400 * x], rel=1e-13), pytest.approx([-400 * x, 200], rel=1e-13)]


def test_optimizers_listing_reads_the_registry(capsys):
    code, out, _ = run_cli(capsys, "optimizers", "--json")
    data = json.loads(out)
    assert code == 0 and [d["name"] for d in data] == list(OPTIMIZERS)
    adam = next(d for d in data if d["name"] == "adam")
    assert {h["name"]: h["default"] for h in adam["hyperparameters"]}["lr"] == 1e-3  # torch's default
    assert [(v["name"], v["used_when"]) for v in adam["state"]] == [
        ("exp_avg", "always"), ("exp_avg_sq", "always"), ("max_exp_avg_sq", "amsgrad")]  # torch's names
    code, out, _ = run_cli(capsys, "optimizers")
    for name in OPTIMIZERS:
        assert name in out


def test_set_and_noise_and_seed(capsys):
    args = ["run", "-f", "x^2+y^2", "--start", "1,1", "--optimizer", "sgd", "--steps", "5"]
    _, a, _ = run_cli(capsys, *args, "--seed", "3")
    _, b, _ = run_cli(capsys, *args, "--seed", "3")
    _, c, _ = run_cli(capsys, *args, "--seed", "4")
    assert a == b and a != c
    _, quiet, _ = run_cli(capsys, *args, "--noise", "0")
    _, gd, _ = run_cli(capsys, "run", "-f", "x^2+y^2", "--start", "1,1", "--steps", "5")
    assert quiet == gd
    code, out, _ = run_cli(capsys, "run", "-f", "x^2", "--start", "1", "--optimizer", "momentum", "--set", "momentum=0.5", "--steps", "2")
    # torch SGD momentum: buf1 = g0 = 2; x1 = 1 - 0.01*2 = 0.98; buf2 = 0.5*2 + 1.96; x2 = 0.98 - 0.01*2.96
    assert float(rows(out)[-1][1]) == pytest.approx(0.98 - 0.01 * 2.96, rel=1e-15)


def test_divergence_is_a_result(capsys):
    code, out, err = run_cli(capsys, "run", "-f", "x^2+y^2", "--start", "1,1", "--lr", "1.5", "--steps", "5000")
    table = rows(out)[1:]
    assert code == 0
    # each step multiplies the point by (1 - 2*1.5) = -2: 2^k overflows f near k = 512
    k_bad = len(table)
    assert err.strip() == f"diverged at step {k_bad}: the point, f or the gradient is no longer finite"
    assert all(math.isfinite(float(v)) for row in table for v in row)
    # analytic: x_k = (-2)^k, f = 2 x_k^2 = 2^(2k+1) overflows float64 (max ~2^1024) first at k = 512
    assert k_bad == 512


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "-f", "x^2 + )", "--start", "1,2"], "error: unexpected ')' at column 7"),
        (["run", "-f", "x^2 + z", "--start", "1,2"], "error: unknown name 'z' at column 7 (variables are x and y"),
        (["run", "-f", "x^2+y^2", "--start", "1"], "error: --start needs 2 coordinate(s)"),
        (["run", "-f", "x^2", "--start", "1,2"], "error: --start needs 1 coordinate(s)"),
        (["run", "-f", "x^2", "--start", "1", "--optimizer", "bogus"], "error: unknown optimizer 'bogus'"),
        (["run", "-f", "x^2", "--start", "1", "--set", "bogus=1"], "error: gd has no hyperparameter 'bogus'"),
        (["run", "-f", "x^2", "--start", "1", "--set", "lr"], "error: --set takes KEY=VALUE"),
        (["run", "-f", "x^2", "--start", "1", "--lr", "nan"], "error: lr must be a finite number"),
        (["run", "-f", "x^2", "--start", "1", "--lr", "inf"], "error: lr must be a finite number"),
        (["run", "-f", "x^2", "--start", "1", "--lr", "0"], "error: lr must be in (0, inf)"),
        (["run", "-f", "x^2", "--start", "1", "--lr", "-0.1"], "error: lr must be in (0, inf)"),
        (["run", "-f", "x^2", "--start", "1", "--steps", "-3"], "error: --steps must be >= 0"),
        (["run", "-f", "x^2", "--start", "abc"], "error: --start must be numbers"),
        (["run", "-f", "log(x)", "--start", "-1"], "error: f or its gradient is not finite at the start point"),
        (["run", "--start", "1"], "error: the following arguments are required: -f/--function"),
        (["grad", "-f", "x", "--at", "1,2,3"], "error: --at needs 1 coordinate(s)"),
        (["run", "-f", "x", "--start", "1", "--out", "/nonexistent-dir/a.csv"], "error: cannot write --out"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith(message), err
    assert err.count("\n") == 1


def test_out_file_written_atomically(tmp_path, capsys):
    target = tmp_path / "run.csv"
    code, out, _ = run_cli(capsys, "run", "-f", "x^2+y^2", "--start", "1,2", "--steps", "3", "--out", str(target))
    assert code == 0 and out == ""
    assert rows(target.read_text())[0] == ["step", "x", "y", "f", "gx", "gy"]
    # a failing run leaves no file, not even a partial one
    bad = tmp_path / "bad.csv"
    code, _, _ = run_cli(capsys, "run", "-f", "x^2+y^2", "--start", "1,2", "--optimizer", "nope", "--out", str(bad))
    assert code == 2 and not bad.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["run.csv"]


def test_subprocess_has_no_traceback_and_exit_codes():
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    ok = subprocess.run([sys.executable, "-m", "gdexplorer", "run", "-f", "x^2", "--start", "-2", "--steps", "2"],
                        capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0 and ok.stdout.splitlines()[1] == "0,-2.0,4.0,-4.0"
    bad = subprocess.run([sys.executable, "-m", "gdexplorer", "run", "-f", "sin(", "--start", "1"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
