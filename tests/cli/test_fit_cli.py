"""`gdexplorer fit` (issue 11): the exact columns, seed 002's defaults and update counts, rows equal to
the core's training bit for bit, and one `error:` line (exit 2, no --out/--trace file) for bad input."""
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
from gdexplorer.core.fit import fit, load_csv, synthetic


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def table(text):
    return list(csv.reader(io.StringIO(text)))


def test_defaults_are_seed_002(capsys):
    code, out, err = run_cli(capsys, "fit")
    assert code == 0 and err == ""
    rows = table(out)
    assert rows[0] == ["epoch", "updates", "w", "b", "loss"] and len(rows) == 52
    assert [int(r[0]) for r in rows[1:]] == list(range(51))
    assert [int(r[1]) for r in rows[1:]] == [20 * k for k in range(51)]  # 1000 samples / batch 50
    assert rows[1][2:4] == ["0.0", "0.0"]
    data = synthetic(1000, 3.5, 4.0, 0.5, seed=0)
    A = np.stack([data.x, np.ones(1000)], axis=1)
    (w_ls, b_ls), *_ = np.linalg.lstsq(A, data.y, rcond=None)
    w, b, loss = (float(v) for v in rows[-1][2:])
    assert abs(w - w_ls) < 0.05 and abs(b - b_ls) < 0.05 and abs(loss - 0.125) < 0.02
    ref = fit(data, "gd", hyperparameters={"lr": 0.02}, batch_size=50, epochs=50, seed=0).epochs
    assert [float(r[4]) for r in rows[1:]] == list(ref.loss)  # repr: reads back exactly


@pytest.mark.parametrize("batch, per_epoch", [("1", 200), ("all", 1), ("200", 1), ("999", 1), ("30", 7), ("50", 4)])
def test_updates_count(capsys, batch, per_epoch):
    code, out, _ = run_cli(capsys, "fit", "--n", "200", "--batch", batch, "--epochs", "3", "--seed", "4")
    assert code == 0
    assert [int(r[1]) for r in table(out)[1:]] == [k * per_epoch for k in range(4)]


def test_out_and_trace_files(capsys, tmp_path):
    out_path, trace_path = tmp_path / "epochs.csv", tmp_path / "trace.csv"
    code, out, err = run_cli(capsys, "fit", "--n", "130", "--w", "-2", "--b", "0.5", "--noise", "0.1", "--batch", "40",
                             "--epochs", "4", "--lr", "0.1", "--start", "-1,2", "--seed", "3", "--out", str(out_path),
                             "--trace", str(trace_path))
    assert code == 0 and out == "" and err == ""
    epochs, trace = table(out_path.read_text()), table(trace_path.read_text())
    assert trace[0] == ["update", "epoch", "w", "b", "batch_loss"] and len(trace) == 1 + 4 * 4
    assert [int(r[0]) for r in trace[1:]] == list(range(1, 17))
    assert [int(r[1]) for r in trace[1:]] == [1 + k // 4 for k in range(16)]
    assert epochs[1] == ["0", "0", "-1.0", "2.0", epochs[1][4]]
    for e in range(1, 5):  # an epoch row's point is its last update's
        assert epochs[1 + e][2:4] == trace[4 * e][2:4]
    ref = fit(synthetic(130, -2.0, 0.5, 0.1, seed=3), "gd", hyperparameters={"lr": 0.1}, batch_size=40, epochs=4,
              start=(-1.0, 2.0), seed=3, keep_trace=True)
    assert [float(r[4]) for r in trace[1:]] == list(ref.trace.batch_loss)
    assert abs(float(epochs[-1][2]) + 2.0) < 0.3  # heading for the true w = −2


def test_csv_data_and_logistic(capsys, tmp_path):
    data = synthetic(300, 2.0, -1.0, model="logistic", seed=2)
    path = tmp_path / "labels.csv"
    path.write_text("".join(f"{a!r},{int(b)}\n" for a, b in zip(data.x.tolist(), data.y.tolist())))  # no header
    code, out, _ = run_cli(capsys, "fit", "--csv", str(path), "--model", "logistic", "--lr", "0.5", "--batch", "25",
                           "--epochs", "40")
    assert code == 0
    rows = table(out)
    assert float(rows[1][4]) == pytest.approx(math.log(2), rel=1e-13)  # the cross-entropy at (0, 0) is log 2
    w_min, b_min = load_csv(path, "logistic").minimum()
    assert abs(float(rows[-1][2]) - w_min) < 0.1 and abs(float(rows[-1][3]) - b_min) < 0.1


@pytest.mark.parametrize("argv", [
    ["--optimizer", "adam", "--set", "beta1=0.8", "--lr", "0.05"],
    ["--optimizer", "momentum", "--set", "momentum=0.9"],
    ["--optimizer", "gd", "--set", "lr=0.05"],
    ["--optimizer", "rmsprop", "--set", "lr=0.01", "--set", "centered=true"],
])
def test_other_optimizers(capsys, argv):
    code, out, _ = run_cli(capsys, "fit", "--n", "400", "--epochs", "30", "--batch", "20", *argv)
    assert code == 0
    name = argv[1]
    settings = {}
    for key, value in zip(argv[::2], argv[1::2]):
        if key == "--set":
            k, v = value.split("=")
            settings[k] = 1.0 if v == "true" else float(v)
        elif key == "--lr":
            settings["lr"] = float(value)
    ref = fit(synthetic(400, seed=0), name, hyperparameters=settings, batch_size=20, epochs=30, seed=0).epochs
    rows = table(out)[1:]
    assert [float(r[2]) for r in rows] == list(ref.w) and [float(r[3]) for r in rows] == list(ref.b)
    assert abs(float(rows[-1][2]) - 3.5) < 0.2 and abs(float(rows[-1][3]) - 4.0) < 0.2


def test_divergence_keeps_the_rows_and_says_so(capsys):
    code, out, err = run_cli(capsys, "fit", "--batch", "all", "--lr", "3", "--epochs", "2000")
    rows = table(out)
    assert code == 0 and 1 < len(rows) < 2002 and all(math.isfinite(float(v)) for r in rows[1:] for v in r)
    assert err.startswith("diverged in epoch") and err.count("\n") == 1


def _bad_csv(tmp_path, name, text):
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("make_argv, message", [
    (lambda d: ["--csv", str(d / "missing.csv")], "error: cannot read"),
    (lambda d: ["--csv", str(d)], "error: cannot read"),
    (lambda d: ["--csv", _bad_csv(d, "a.csv", "x,y\n1,2\n3,oops\n")], "error: {tmp}/in/a.csv: line 3, column 2: 'oops' is not a number"),
    (lambda d: ["--csv", _bad_csv(d, "b.csv", "x,y\n1,2\n")], "error: {tmp}/in/b.csv: 1 data row; training needs at least 2"),
    (lambda d: ["--csv", _bad_csv(d, "c.csv", "1,2,3\n")], "error: {tmp}/in/c.csv: line 1: expected 2 columns"),
    (lambda d: ["--csv", _bad_csv(d, "d.csv", "1,2\n3,4\n"), "--model", "logistic"],
     "error: {tmp}/in/d.csv: line 1, column 2: logistic regression needs labels 0 or 1"),
    (lambda d: ["--csv", _bad_csv(d, "e.csv", "1,2\n3,4\n"), "--n", "10"], "error: --csv and --n cannot be combined"),
    (lambda d: ["--batch", "0"], "error: --batch must be a whole number >= 1 or 'all', got '0'"),
    (lambda d: ["--batch", "-5"], "error: --batch must be a whole number >= 1"),
    (lambda d: ["--batch", "2.5"], "error: --batch must be a whole number >= 1"),
    (lambda d: ["--epochs", "-1"], "error: --epochs must be >= 0, got -1"),
    (lambda d: ["--epochs", "many"], "error: argument --epochs: invalid int value: 'many'"),
    (lambda d: ["--n", "1"], "error: --n must be >= 2"),
    (lambda d: ["--noise", "-0.5"], "error: --noise must be >= 0"),
    (lambda d: ["--w", "nan"], "error: --w must be a finite number"),
    (lambda d: ["--start", "1"], "error: --start needs 2 coordinates (W,B), got 1"),
    (lambda d: ["--start", "1,2,3"], "error: --start needs 2 coordinates"),
    (lambda d: ["--start", "a,b"], "error: --start must be numbers"),
    (lambda d: ["--start", "1,inf"], "error: --start must be finite numbers"),
    (lambda d: ["--start", "1e200,1e200"], "error: the loss is not finite at the start"),
    (lambda d: ["--optimizer", "bogus"], "error: unknown optimizer 'bogus'"),
    (lambda d: ["--set", "bogus=1"], "error: gd has no hyperparameter 'bogus'"),
    (lambda d: ["--set", "lr"], "error: --set takes KEY=VALUE"),
    (lambda d: ["--set", "lr=fast"], "error: --set lr: 'fast' is not a number"),
    (lambda d: ["--optimizer", "adam", "--set", "beta1=1.5"], "error: beta1 must be in [0, 1)"),
    (lambda d: ["--lr", "0"], "error: lr must be in (0, inf)"),
    (lambda d: ["--lr", "nan"], "error: lr must be a finite number"),
    (lambda d: ["--model", "probit"], "error: argument --model: invalid choice: 'probit'"),
    (lambda d: ["--seed", "-1"], "error: --seed must be >= 0"),
    (lambda d: ["--out", str(d / "same.csv"), "--trace", str(d / "same.csv")], "error: --out and --trace name the same file"),
    (lambda d: ["--trace", str(d / "no-such-dir" / "t.csv")], "error: cannot write --trace"),
])
def test_bad_input_exits_2_with_one_line_and_no_file(capsys, tmp_path, make_argv, message):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = make_argv(tmp_path)
    if "--out" not in argv:
        argv += ["--out", str(out_dir / "epochs.csv")]
    if "--trace" not in argv:
        argv += ["--trace", str(out_dir / "trace.csv")]
    code, out, err = run_cli(capsys, "fit", *argv)
    assert code == 2 and out == ""
    assert err.startswith(message.format(tmp=tmp_path)), err
    assert err.count("\n") == 1
    assert list(out_dir.iterdir()) == [] and not (tmp_path / "same.csv").exists()


def test_subprocess_negative_values_and_no_traceback(tmp_path):
    env = {**os.environ, "PYTHONWARNINGS": "error::RuntimeWarning"}
    ok = subprocess.run([sys.executable, "-m", "gdexplorer", "fit", "--n", "50", "--w", "-1e0", "--b", "-2",
                         "--start", "-1,-1", "--epochs", "2", "--batch", "all"],
                        capture_output=True, text=True, env=env, timeout=300)
    assert ok.returncode == 0 and ok.stderr == ""
    assert ok.stdout.splitlines()[:2] == ["epoch,updates,w,b,loss", ok.stdout.splitlines()[1]]
    assert ok.stdout.splitlines()[1].startswith("0,0,-1.0,-1.0,") and len(ok.stdout.splitlines()) == 4
    bad = subprocess.run([sys.executable, "-m", "gdexplorer", "fit", "--csv", str(tmp_path / "nope.csv")],
                         capture_output=True, text=True, env=env, timeout=300)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: cannot read") and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
