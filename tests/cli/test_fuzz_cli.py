"""Fuzzing every command of the CLI (issue 13, hardening): random arguments, half plausible and half
hostile, never give a traceback and never take over a second. Each call ends with exit status 0
(a result), 2 (bad input: exactly one `error: ...` line on stderr and no file written) or argparse's
own help exit; a run that diverges is a result (status 0, its message on stderr).

The commands run in-process (``gdexplorer.cli.main``), so an exception that escapes is a failure
with its traceback. Kernels are compiled once before the timed examples (a first run compiles them;
that is start-up, not a command's cost). ``basin`` compiles a batch kernel per new function and
optimizer by design (seconds, once), so its examples use functions whose kernels are warmed first.
"""
from __future__ import annotations

import contextlib
import io
import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdexplorer.cli import main
from gdexplorer.core.presets import PRESETS

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

FAST = settings(max_examples=150, deadline=timedelta(seconds=1), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

NUMBERS = ["0", "1", "-1", "0.5", "-2.5", "1e-3", "3", "1e308", "-1e308", "1e-320", "inf", "-inf", "nan", "NaN",
           "1e999", "abc", "", " ", "1,2", "1,,2", "--", "0x10", "1_000", "２", "½", ",", "1e", "-", "+3", "true"]
POINTS = ["1", "-1.5,2", "0,0", "1,2,3", "", ",", "a,b", "1e308,1e308", "nan,1", "inf,0", "-0,-0", "3,", "(1,2)"]
RANGES = ["-2:2,-2:2", "-2:2", "2:-2,0:1", "0:0,0:1", "-inf:1,0:1", "a:b", ":", "-1e308:1e308,-1:1", "1:2:3",
          "-5:5,-5:5", "", "-1:1,-1:1,-1:1"]
EXPRESSIONS = ["x^2 + y^2", "x^2", "(1-x)^2 + 100*(y-x^2)^2", "sqrt(x) + y^2", "log(x)", "1/x + y", "x^y",
               "exp(x^2)*y", "sin(3*x)*cos(2*y)", "abs(x) + abs(y)", "x*cos(pi*x)", "x^2 + )", "z + 1", "",
               "x^^2", "rosenbrock", "himmelblau", "seed004", "rosenbrok", "pi", "1e999*x", "sqrt(-1)", "x/0"] \
    + list(PRESETS)[:4]
OPTIMIZERS = ["gd", "adam", "momentum", "newton", "lion", "radam", "qhadam", "nadam", "rmsprop", "nope", "", "ADAM"]
SETTINGS_ = ["beta1=0.5", "beta1=2", "momentum=0.5", "nu=1", "lr=1", "lr=-1", "centered=true", "amsgrad=1",
             "weight_decay=0.1", "=", "x", "beta1=", "eps=nan", "lr=1e308", "nope=1"]
SCHEDULES = ["cosine:T_max=10", "linear:total_iters=3+invsqrt", "step:step_size=2,gamma=0.5+exponential:gamma=0.9",
             "cosine", "wave", "exponential:gamma=0.9+cosine:T_max=2", "step:step_size=0", "", "+", "linear:start_factor=2"]
SMALL_INTS = ["0", "1", "2", "5", "20", "-1", "-5", "x", "1.5", "", "1e3"]
POOLS = {"EXPRESSIONS": EXPRESSIONS, "NUMBERS": NUMBERS, "POINTS": POINTS, "RANGES": RANGES, "OPTIMIZERS": OPTIMIZERS, "SETTINGS_": SETTINGS_,
         "SCHEDULES": SCHEDULES, "SMALL_INTS": SMALL_INTS}


VALID = {  # plausible values: most draws use these, so the fuzzing reaches the commands' real work
    "NUMBERS": ["0.1", "0.5", "1", "2", "0.01", "3.5", "-1", "1e-3"],
    "POINTS": ["1", "-1.5,2", "0,0", "0.5,-0.5", "2,1"],
    "RANGES": ["-2:2,-2:2", "-2:2", "-5:5,-5:5", "-1:1,-1:1"],
    "OPTIMIZERS": ["gd", "adam", "momentum", "newton", "lion", "radam", "qhadam", "nadam", "rmsprop", "adagrad"],
    "SETTINGS_": ["beta1=0.5", "momentum=0.5", "nu=1", "weight_decay=0.1", "amsgrad=1", "centered=true"],
    "SCHEDULES": ["cosine:T_max=10", "linear:total_iters=3+invsqrt", "step:step_size=2,gamma=0.5+exponential:gamma=0.9"],
    "SMALL_INTS": ["1", "2", "5", "20"],
    "EXPRESSIONS": ["x^2 + y^2", "x^2", "(1-x)^2 + 100*(y-x^2)^2", "sqrt(x) + y^2", "x*cos(pi*x)", "rosenbrock",
                    "himmelblau", "seed004", "sin(3*x)*cos(2*y)", "log(x)", "1/x + y"],
}


def opt(name: str, values, valid=None) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(name, value) pairs: plausible values of that pool, and any value of it."""
    if valid is None:
        valid = next((VALID[k] for k, pool in POOLS.items() if pool is values), values)
    return (st.tuples(st.just(name), st.sampled_from(valid)), st.tuples(st.just(name), st.sampled_from(values)))


def command(name: str, required, optional) -> st.SearchStrategy:
    """argv for ``name``: half the draws plausible throughout (so the fuzzing reaches the commands'
    real work), the others with any values, a required option sometimes missing and now and then a
    stray token; options in any order."""
    def draw(clean: bool):
        pick = 0 if clean else 1
        parts = [o[pick] if clean or i % 7 != 6 else st.one_of(st.just(None), o[pick]) for i, o in enumerate(required)]
        parts += [st.one_of(st.just(None), st.just(None), o[pick]) for o in optional]
        stray = st.just([]) if clean else st.one_of(*[st.just([])] * 6, st.sampled_from(
            [["--bogus"], ["extra"], ["--help"], ["-f"], ["--json"], ["--log"]]).map(list))
        return st.builds(build, st.tuples(*parts), stray, st.lists(st.integers(0, 9), min_size=1, max_size=12))

    def build(chosen, extra, order):
        flat = []
        pairs = [c for c in chosen if c is not None]
        for i in sorted(range(len(pairs)), key=lambda k: order[k % len(order)]):
            flat += list(pairs[i])
        return [name] + flat + extra

    return st.booleans().flatmap(draw)


def run_main(argv, tmp) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp)  # a relative --out lands in the scratch folder, never in the repository
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's --help
                code = exc.code if isinstance(exc.code, int) else 2
                assert "--help" in argv or "-h" in argv, (argv, err.getvalue())
                assert code == 0
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def check(argv, tmp_path) -> None:
    before = set(os.listdir(tmp_path))
    code, out, err = run_main(argv, tmp_path)
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (argv, err)
        assert "Traceback" not in err
        assert set(os.listdir(tmp_path)) == before, (argv, "a refused command wrote a file")
    else:
        assert "Traceback" not in err, (argv, err)
    leftovers = [n for n in os.listdir(tmp_path) if n.startswith(".gdexplorer-")]
    assert not leftovers, (argv, leftovers)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    (d / "good.csv").write_text("x,y\n" + "".join(f"{i / 10},{3.5 * i / 10 + 4}\n" for i in range(-20, 20)))
    (d / "bad.csv").write_text("x,y\n1,2\n3,oops\n")
    (d / "one.csv").write_text("1,2\n")
    (d / "labels.csv").write_text("x,y\n0,0\n1,1\n2,1\n-1,0\n")
    (d / "adir").mkdir()
    # warm every kernel the fast commands use (start-up, not a command's cost)
    for argv in (["run", "-f", "x^2+y^2", "--start", "1,1", "--steps", "2"], ["run", "-f", "x^2", "--start", "1"],
                 ["fit", "--epochs", "1", "--n", "10"], ["fit", "--epochs", "1", "--n", "10", "--model", "logistic"],
                 ["critical", "-f", "x^2+y^2", "--range", "-1:1,-1:1"], ["graph", "-f", "x*y", "--at", "1,2"],
                 ["sweep", "-f", "x^2", "--start", "1", "--lr-range", "0.1:0.2", "--num", "2", "--steps", "2"],
                 ["basin", "-f", "x^2 + y^2", "--grid", "2,2", "--range", "-1:1,-1:1", "--out", str(d / "w.npz")],
                 ["basin", "-f", "x^2 + y^2", "--grid", "2,2", "--range", "-1:1,-1:1", "--out", str(d / "w.npz"),
                  "--optimizer", "adam", "--clip", "1"]):
        run_main(argv, d)
    for name in os.listdir(d):
        if name.endswith(".npz"):
            os.unlink(d / name)
    return d


def outs(scratch, suffix=".csv"):
    return [str(scratch / f"out{suffix}"), f"rel{suffix}", str(scratch / "adir"), str(scratch / "no" / f"x{suffix}"), ""]


def out_opt(name, scratch, suffix=".csv"):
    return opt(name, outs(scratch, suffix), valid=outs(scratch, suffix)[:2])


@FAST
@given(data=st.data())
def test_run_grad_graph_never_crash(scratch, data):
    kind = data.draw(st.sampled_from(["run", "grad", "graph"]))
    if kind == "run":
        argv = data.draw(command("run", [opt("-f", EXPRESSIONS), opt("--start", POINTS)], [
            opt("--optimizer", OPTIMIZERS), opt("--lr", NUMBERS), opt("--steps", SMALL_INTS + ["200"]),
            opt("--set", SETTINGS_), opt("--set", SETTINGS_), opt("--noise", NUMBERS), opt("--seed", SMALL_INTS),
            out_opt("--out", scratch), opt("--schedule", SCHEDULES), opt("--clip", NUMBERS)]))
    else:
        argv = data.draw(command(kind, [opt("-f", EXPRESSIONS), opt("--at", POINTS)], []))
    check(argv, scratch)


@FAST
@given(data=st.data())
def test_sweep_critical_presets_optimizers_never_crash(scratch, data):
    kind = data.draw(st.sampled_from(["sweep", "critical", "presets", "optimizers"]))
    if kind == "sweep":
        argv = data.draw(command("sweep", [
            opt("-f", EXPRESSIONS), opt("--start", POINTS),
            opt("--lr-range", ["0.01:0.5", "0.5:0.01", "0:1", "-1:1", "a:b", "1", "0.1:0.1", "inf:1"],
                valid=["0.01:0.5", "0.5:0.01", "0.1:0.1"]),
            opt("--num", SMALL_INTS), opt("--steps", SMALL_INTS)], [
            opt("--optimizer", OPTIMIZERS), opt("--keep", SMALL_INTS), opt("--set", SETTINGS_),
            out_opt("--out", scratch), opt("--schedule", SCHEDULES), opt("--clip", NUMBERS)]))
        if data.draw(st.booleans()):
            argv.append("--log")
    elif kind == "critical":
        argv = data.draw(command("critical", [opt("-f", [e for e in EXPRESSIONS if "sin(3" not in e]),
                                              opt("--range", RANGES)], []))
        if data.draw(st.booleans()):
            argv.append("--json")
    else:
        argv = [kind] + data.draw(st.sampled_from([[], ["--json"], ["--bogus"], ["x"]]))
    check(argv, scratch)


@FAST
@given(data=st.data())
def test_fit_never_crashes(scratch, data):
    csvs = [str(scratch / n) for n in ("good.csv", "bad.csv", "one.csv", "labels.csv", "missing.csv", "adir")]
    argv = data.draw(command("fit", [], [
        opt("--csv", csvs, valid=csvs[:1] + csvs[3:4]), opt("--n", SMALL_INTS + ["200"], valid=["2", "20", "200"]),
        opt("--w", NUMBERS), opt("--b", NUMBERS), opt("--noise", NUMBERS),
        opt("--model", ["linear", "logistic", "cubic", ""], valid=["linear", "logistic"]),
        opt("--batch", SMALL_INTS + ["all", "ALL", "full"], valid=["1", "5", "all"]), opt("--epochs", SMALL_INTS),
        opt("--lr", NUMBERS), opt("--optimizer", OPTIMIZERS), opt("--set", SETTINGS_),
        opt("--start", POINTS, valid=["0,0", "1,-1", "3.5,4"]), opt("--seed", SMALL_INTS),
        out_opt("--out", scratch), out_opt("--trace", scratch), opt("--schedule", SCHEDULES), opt("--clip", NUMBERS)]))
    if data.draw(st.booleans()) and "--csv" in argv:  # often the data's own source only: file or synthetic
        for name in ("--n", "--w", "--b", "--noise"):
            while name in argv:
                i = argv.index(name)
                del argv[i:i + 2]
    if "--epochs" not in argv:  # bounded work: seed 002's 50 epochs over 1000 samples is a benchmark, not a fuzz case
        argv += ["--epochs", "2"]
    check(argv, scratch)


@settings(FAST, deadline=None)  # a new function or optimizer compiles its batch kernel once (seconds, by design)
@given(data=st.data())
def test_basin_never_crashes(scratch, data):
    argv = data.draw(command("basin", [
        opt("-f", ["x^2 + y^2", "x^2", "x^2 + )", "bowl", "", "z"], valid=["x^2 + y^2", "bowl"]),
        opt("--grid", ["3,3", "0,3", "3", "a,b", "-1,2", "4,2"], valid=["3,3", "4,2"]),
        opt("--range", RANGES, valid=["-2:2,-2:2", "-1:1,-1:1"]), out_opt("--out", scratch, ".npz")], [
        opt("--optimizer", ["gd", "adam", "nope"]), opt("--lr", NUMBERS), opt("--steps", SMALL_INTS),
        opt("--gtol", NUMBERS), opt("--xtol", NUMBERS), out_opt("--png", scratch, ".png"),
        opt("--clip", ["1", "-1", "x"], valid=["1"]), opt("--schedule", SCHEDULES[:3] + ["wave"], valid=SCHEDULES[:1])]))
    check(argv, scratch)
