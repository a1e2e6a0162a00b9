"""The ``gdexplorer`` command line: ``run``, ``grad`` and ``optimizers`` (a scripted contract).

With no subcommand (or with window options such as ``--screenshot``) it opens the explorer
window. Bad input exits 2 with one line ``error: ...`` on stderr and no traceback.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from typing import Sequence

from gdexplorer import __version__

SUBCOMMANDS = ("run", "grad", "optimizers", "presets", "critical", "graph", "sweep", "basin", "fit")

# Options whose value may start with '-' (negative numbers, or an expression like -x^2):
# argparse would take `--start -1.5,2` for an option, so such pairs are joined as `--start=-1.5,2`.
VALUE_OPTIONS = {
    "-f", "--function", "--start", "--at", "--lr", "--range", "--lr-range", "--noise", "--seed",
    "--steps", "--set", "--out",
    "--csv", "--n", "--w", "--b", "--batch", "--epochs", "--trace",  # fit's
    "--schedule", "--clip",
}


class UsageError(Exception):
    """Bad command-line input: reported as one `error:` line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits; we want one line
        raise UsageError(message)


def join_option_values(argv: Sequence[str], value_options=VALUE_OPTIONS) -> list[str]:
    """Rewrite ``--opt -1,2`` as ``--opt=-1,2`` for options that take a value."""
    out: list[str] = []
    i = 0
    argv = list(argv)
    while i < len(argv):
        arg = argv[i]
        if arg in value_options and i + 1 < len(argv) and argv[i + 1].startswith("-") and argv[i + 1] not in value_options:
            nxt = argv[i + 1]
            if len(nxt) > 1 and (nxt[1].isdigit() or nxt[1] in ".(" or nxt[1].isalpha() and not nxt.startswith("--")):
                out.append(f"{arg}={nxt}")
                i += 2
                continue
        out.append(arg)
        i += 1
    return out


def parse_point(text: str, what: str) -> list[float]:
    parts = [p.strip() for p in text.split(",")]
    values = []
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            raise UsageError(f"{what} must be numbers separated by a comma, like -1.5,2; got {text!r}") from None
        if not math.isfinite(v):
            raise UsageError(f"{what} must be finite numbers, got {text!r}")
        values.append(v)
    return values


def parse_setting(text: str) -> tuple[str, float]:
    if "=" not in text:
        raise UsageError(f"--set takes KEY=VALUE, got {text!r}")
    key, _, raw = text.partition("=")
    key = key.strip()
    raw = raw.strip()
    if raw.lower() in ("true", "yes", "on"):
        return key, 1.0
    if raw.lower() in ("false", "no", "off"):
        return key, 0.0
    try:
        return key, float(raw)
    except ValueError:
        raise UsageError(f"--set {key}: {raw!r} is not a number") from None


def _positive_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gdexplorer", description="Explore gradient descent: run optimizers on a function of x and y.")
    parser.add_argument("--version", action="version", version=f"gdexplorer {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser("run", help="run an optimizer and write its trajectory as CSV")
    run.add_argument("-f", "--function", required=True, metavar="EXPR", help="a function of x (1-D) or of x and y, or a preset's name (gdexplorer presets)")
    run.add_argument("--start", required=True, metavar="X[,Y]", help="start point, e.g. -1.5,2")
    run.add_argument("--optimizer", default="gd", metavar="NAME", help="one of `gdexplorer optimizers` (default gd)")
    run.add_argument("--lr", type=_positive_float, default=None, metavar="LR", help="learning rate (default: the optimizer's)")
    run.add_argument("--steps", type=int, default=100, metavar="N", help="number of steps (default 100)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a hyperparameter, e.g. --set beta1=0.8 (repeatable)")
    run.add_argument("--noise", type=_positive_float, default=None, metavar="SIGMA", help="σ of Gaussian noise added to the gradient (sgd's default 1)")
    run.add_argument("--seed", type=int, default=0, metavar="S", help="random seed of the noise (default 0)")
    _schedule_options(run)
    run.add_argument("--out", default=None, metavar="FILE", help="write the CSV to FILE instead of stdout")

    grad = sub.add_parser("grad", help="print f, the exact gradient and Hessian at a point as JSON")
    grad.add_argument("-f", "--function", required=True, metavar="EXPR")
    grad.add_argument("--at", required=True, metavar="X[,Y]")

    opts = sub.add_parser("optimizers", help="list the optimizers with their hyperparameters and defaults")
    opts.add_argument("--json", action="store_true", help="machine-readable output")
    pre = sub.add_parser("presets", help="list the function presets (names work wherever -f takes an expression)")
    pre.add_argument("--json", action="store_true", help="machine-readable output")
    crit = sub.add_parser("critical", help="find and classify the critical points in a range")
    crit.add_argument("-f", "--function", required=True, metavar="EXPR")
    crit.add_argument("--range", required=True, metavar="X0:X1[,Y0:Y1]", help="the region searched, e.g. -2:2,-2:2")
    crit.add_argument("--json", action="store_true", help="a JSON list instead of a table")

    graph = sub.add_parser("graph", help="print the backpropagation graph at a point (nodes in backward order)")
    graph.add_argument("-f", "--function", required=True, metavar="EXPR")
    graph.add_argument("--at", required=True, metavar="X[,Y]")
    graph.add_argument("--json", action="store_true", help="a JSON list instead of a table")

    swp = sub.add_parser("sweep", help="run many learning rates and write each run's last iterates as CSV")
    swp.add_argument("-f", "--function", required=True, metavar="EXPR", help="a function of x (1-D) or of x and y, or a preset's name (gdexplorer presets)")
    swp.add_argument("--start", required=True, metavar="X[,Y]", help="start point, e.g. -1.5,2")
    swp.add_argument("--optimizer", default="gd", metavar="NAME", help="one of `gdexplorer optimizers` (default gd)")
    swp.add_argument("--lr-range", required=True, metavar="A:B", help="first and last learning rate, e.g. 0.01:1.2")
    swp.add_argument("--num", required=True, type=int, metavar="K", help="number of learning rates (>= 1)")
    swp.add_argument("--log", action="store_true", help="geometric spacing A*(B/A)^(i/(K-1)) (needs 0 < A)")
    swp.add_argument("--steps", required=True, type=int, metavar="N", help="steps of each run (>= 0)")
    swp.add_argument("--keep", type=int, default=1, metavar="M", help="last iterates kept per run (default 1)")
    swp.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="another hyperparameter (repeatable)")
    _schedule_options(swp)
    swp.add_argument("--out", default=None, metavar="FILE", help="write the CSV to FILE instead of stdout")

    bas = sub.add_parser("basin", help="basins of attraction: label a grid of starts by the minimum each reaches (.npz)")
    bas.add_argument("-f", "--function", required=True, metavar="EXPR", help="a function of x and y")
    bas.add_argument("--optimizer", default="gd", metavar="NAME", help="one of `gdexplorer optimizers` (default gd)")
    bas.add_argument("--lr", type=_positive_float, default=None, metavar="LR", help="learning rate (default: the optimizer's)")
    bas.add_argument("--steps", type=int, default=1000, metavar="N", help="most steps per start (default 1000)")
    bas.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a hyperparameter (repeatable)")
    _schedule_options(bas)
    bas.add_argument("--grid", required=True, metavar="NX,NY", help="starts along x and along y, e.g. 200,200")
    bas.add_argument("--range", required=True, metavar="X0:X1,Y0:Y1", help="the region of starts, e.g. -5:5,-5:5")
    bas.add_argument("--gtol", type=_positive_float, default=1e-6, metavar="G", help="converged when |∇f| < G (default 1e-6)")
    bas.add_argument("--xtol", type=_positive_float, default=1e-10, metavar="X", help="or when a step is shorter than X (default 1e-10)")
    bas.add_argument("--out", required=True, metavar="FILE.npz", help="the arrays final_x, final_y, f, steps, label, ...")
    bas.add_argument("--png", default=None, metavar="FILE", help="also a picture: a colour per minimum, darker = more steps")

    fit = sub.add_parser("fit", help="train linear or logistic regression (w, b) on data: GD, SGD or mini-batch (seed 002)")
    fit.add_argument("--csv", default=None, metavar="FILE", help="the data: a CSV file with columns x,y (header optional)")
    fit.add_argument("--n", type=int, default=None, metavar="N", help="synthetic data: number of samples (default 1000)")
    fit.add_argument("--w", type=_positive_float, default=None, metavar="W", help="synthetic data: true w (default 3.5)")
    fit.add_argument("--b", type=_positive_float, default=None, metavar="B", help="synthetic data: true b (default 4)")
    fit.add_argument("--noise", type=_positive_float, default=None, metavar="SIGMA",
                     help="synthetic data: σ of the noise on y (default 0.5; linear only)")
    fit.add_argument("--model", default="linear", choices=("linear", "logistic"),
                     help="ŷ = w·x + b with the squared loss /2, or p = σ(w·x + b) with the cross-entropy (default linear)")
    fit.add_argument("--batch", default="50", metavar="M", help="batch size: 1 (SGD), M (mini-batch) or all (default 50)")
    fit.add_argument("--epochs", type=int, default=50, metavar="E", help="passes over the data (default 50)")
    fit.add_argument("--lr", type=_positive_float, default=None, metavar="LR", help="learning rate (default 0.02)")
    fit.add_argument("--optimizer", default="gd", metavar="NAME", help="one of `gdexplorer optimizers` (default gd)")
    fit.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a hyperparameter (repeatable)")
    fit.add_argument("--start", default=None, metavar="W,B", help="start point (default 0,0)")
    fit.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the synthetic data and the shuffles (default 0)")
    fit.add_argument("--out", default=None, metavar="FILE", help="CSV epoch,updates,w,b,loss (default: stdout)")
    _schedule_options(fit)
    fit.add_argument("--trace", default=None, metavar="FILE", help="CSV update,epoch,w,b,batch_loss, one row per update")
    return parser


# -- subcommands ----------------------------------------------------------------------------------
def _parse_expression(text: str):
    """The function -f gives: an expression, or a preset's name (`gdexplorer presets`)."""
    from gdexplorer.core.expression import ExpressionError, parse
    from gdexplorer.core.presets import PRESETS

    preset = PRESETS.get(text.strip().lower())
    if preset is not None:
        return parse(preset.expression)
    try:
        return parse(text)
    except ExpressionError as exc:
        message = f"{exc} in {text!r}" if len(text) <= 80 else str(exc)
        if text.strip().isidentifier():  # a preset's name, misspelt?
            import difflib

            close = difflib.get_close_matches(text.strip().lower(), list(PRESETS), n=1, cutoff=0.6)
            message += (f"; did you mean the preset '{close[0]}'?" if close
                        else "; or a preset's name: " + ", ".join(PRESETS))
        raise UsageError(message) from None


def _point_for(expr, text: str, option: str) -> list[float]:
    """The point typed after ``option`` (--start, --at), with as many coordinates as ``expr`` has
    variables."""
    point = parse_point(text, option)
    if len(point) != expr.dim:
        names = ",".join(v.upper() for v in expr.variables)
        raise UsageError(f"{option} needs {expr.dim} coordinate(s) ({names}) for a function of "
                         f"{' and '.join(expr.variables)}, got {len(point)}")
    return point


def _schedule_options(parser) -> None:
    parser.add_argument("--schedule", default=None, metavar="TEXT", help="a learning-rate schedule, e.g. "
                        "linear:start_factor=0.1,total_iters=10+cosine:T_max=100 (torch.optim.lr_scheduler's names: "
                        "step, exponential, cosine, linear, invsqrt; + chains them as SequentialLR)")
    parser.add_argument("--clip", default=None, metavar="NORM",
                        help="clip the gradient's norm to NORM before each step (torch.nn.utils.clip_grad_norm_)")


def _schedule_and_clip(args):
    """The checked --schedule and --clip (UsageError naming the bad part)."""
    from gdexplorer.core.schedules import ScheduleError, check_clip, parse_schedule

    try:
        schedule = parse_schedule(args.schedule) if args.schedule is not None else None
    except ScheduleError as exc:
        raise UsageError(f"--schedule: {exc}") from None
    try:
        clip = check_clip(args.clip)
    except ValueError as exc:
        raise UsageError(f"--clip: {exc}") from None
    if args.clip is not None and clip == 0.0:
        raise UsageError(f"--clip must be a number > 0, got {args.clip!r}")
    return schedule, clip


def cmd_run(args) -> int:
    from gdexplorer.core.descent import RunError, run
    from gdexplorer.scene.export import trajectory_csv

    expr = _parse_expression(args.function)
    start = _point_for(expr, args.start, "--start")
    if args.steps < 0:
        raise UsageError(f"--steps must be >= 0, got {args.steps}")
    settings = dict(parse_setting(s) for s in args.set)
    if args.lr is not None:
        settings["lr"] = args.lr
    if args.noise is not None and (not math.isfinite(args.noise) or args.noise < 0):
        raise UsageError(f"--noise must be a finite number >= 0, got {args.noise!r}")
    schedule, clip = _schedule_and_clip(args)
    out_file = _open_output(args.out) if args.out else None
    try:
        trajectory = run(expr, start, args.optimizer, steps=args.steps, hyperparameters=settings, noise=args.noise,
                         seed=args.seed, schedule=schedule, clip=clip)
    except RunError as exc:
        if out_file:
            out_file.discard()
        raise UsageError(str(exc)) from None
    text = trajectory_csv(trajectory)
    if out_file:
        out_file.commit(text)
    else:
        sys.stdout.write(text)
    if trajectory.status != "ok":
        print(trajectory.message, file=sys.stderr)
    return 0


class _AtomicOutput:
    """Writes to a temporary file beside the target and renames it: never a partial file."""

    def __init__(self, path: str, option: str = "--out"):
        self.path = path
        self.option = option
        directory = os.path.dirname(os.path.abspath(path)) or "."
        if os.path.isdir(path):
            raise UsageError(f"cannot write {option} {path!r}: it is a directory")
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=".gdexplorer-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise UsageError(f"cannot write {option} {path!r}: {exc.strerror or exc}") from None
        os.close(fd)

    def commit(self, text: str) -> None:
        try:
            with open(self.tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise UsageError(f"cannot write {self.option} {self.path!r}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _open_output(path: str) -> _AtomicOutput:
    return _AtomicOutput(path)


def _json_number(v: float):
    return float(v) if math.isfinite(v) else None


def cmd_grad(args) -> int:
    from gdexplorer.core import derivatives

    expr = _parse_expression(args.function)
    point = _point_for(expr, args.at, "--at")
    f, g = derivatives.value_and_gradient(expr, point)
    h = derivatives.hessian(expr, point)
    out = {"f": _json_number(f), "grad": [_json_number(v) for v in g], "hessian": [[_json_number(v) for v in row] for row in h]}
    if not (math.isfinite(f) and all(map(math.isfinite, g)) and all(map(math.isfinite, h.ravel()))):
        print("warning: some values are not finite at this point (written as null)", file=sys.stderr)
    print(json.dumps(out))
    return 0


def optimizers_table() -> list[dict]:
    from gdexplorer.core.optimizers import OPTIMIZERS

    rows = []
    for spec in OPTIMIZERS.values():
        rows.append({
            "name": spec.name,
            "label": spec.label,
            "summary": spec.summary,
            "formula": spec.formula,
            "torch": spec.torch,
            "default_noise": spec.default_noise,
            "hyperparameters": [
                {"name": hp.name, "default": hp.default, "low": _json_number(hp.low), "high": _json_number(hp.high),
                 "range": hp.range_text(), "kind": hp.kind, "description": hp.description}
                for hp in spec.hyperparameters
            ],
            "state": [
                {"name": vec.name, "meaning": vec.meaning, "used_when": vec.used_when or "always"}
                for vec in spec.rule.state
            ],
        })
    return rows


def cmd_optimizers(args) -> int:
    rows = optimizers_table()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        params = ", ".join(f"{hp['name']}={hp['default']:g}" for hp in row["hyperparameters"])
        print(f"{row['name']:<10} {row['label']:<18} {params}")
        print(f"{'':<10} {row['formula']}")
    return 0


def presets_table() -> list[dict]:
    """Every preset: name, label, expression, view, start, known minima (with f) and its text."""
    from gdexplorer.core.expression import parse
    from gdexplorer.core.presets import PRESETS

    rows = []
    for p in PRESETS.values():
        expr = parse(p.expression)
        minima = []
        for x, y in p.minima:
            point = (x, y)[: expr.dim]
            minima.append({"x": x, "y": y if expr.dim == 2 else None, "f": _json_number(_value_at(expr, point))})
        rows.append({
            "name": p.name, "label": p.label, "expression": p.expression, "dim": expr.dim,
            "x_range": list(p.x_range), "y_range": list(p.y_range) if expr.dim == 2 else None,
            "start": list(p.start[: expr.dim]), "minima": minima, "description": p.description,
        })
    return rows


def _value_at(expr, point) -> float:
    from gdexplorer.core import derivatives

    return float(derivatives.value_and_gradient(expr, point)[0])


def cmd_presets(args) -> int:
    rows = presets_table()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        view = f"x {row['x_range'][0]:g}:{row['x_range'][1]:g}"
        if row["y_range"] is not None:
            view += f", y {row['y_range'][0]:g}:{row['y_range'][1]:g}"
        print(f"{row['name']:<15} {row['expression']}")
        print(f"{'':<15} {view}; start {','.join(f'{v:g}' for v in row['start'])}; "
              f"{len(row['minima'])} known minim{'um' if len(row['minima']) == 1 else 'a'}")
    return 0


def cmd_critical(args) -> int:
    from gdexplorer.core.critical import critical_points, parse_range

    expr = _parse_expression(args.function)
    try:
        ranges = parse_range(args.range, expr.dim)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    points = critical_points(expr, *ranges)
    if args.json:
        print(json.dumps([p.as_dict() for p in points]))  # f, ∇f and H are finite at every point found
        return 0
    coords = ["x"] if expr.dim == 1 else ["x", "y"]
    print(" ".join(f"{c:>12}" for c in coords), f"{'f':>14}", f"{'kind':<10}", "eigenvalues")
    for p in points:
        print(" ".join(f"{v:>12.6g}" for v in p.point), f"{p.f:>14.8g}", f"{p.kind:<10}",
              ", ".join(f"{v:.6g}" for v in p.eigenvalues))
    if not points:
        print(f"no critical points in {args.range}", file=sys.stderr)
    return 0


def cmd_graph(args) -> int:
    from gdexplorer.core.graph import computation_graph

    expr = _parse_expression(args.function)
    point = _point_for(expr, args.at, "--at")
    nodes = computation_graph(expr, point)
    numbers = [n.value for n in nodes] + [n.adjoint for n in nodes] + [v for n in nodes for v in n.partials]
    if args.json:
        rows = []
        for n in nodes:
            row = n.as_dict()
            for key in ("value", "adjoint", "const"):
                row[key] = None if row[key] is None else _json_number(row[key])
            row["partials"] = [_json_number(v) for v in n.partials]
            rows.append(row)
        print(json.dumps(rows))
    else:
        print(f"{'id':>4} {'op':<6} {'inputs':<10} {'value':>14} {'adjoint':>14}  partials")
        for n in nodes:
            op = n.op if n.const is None else (f"{n.const:g}" if n.op == "const" else f"^{n.const:g}")
            print((f"{n.id:>4} {op:<6} {','.join(map(str, n.inputs)):<10} {n.value:>14.8g} {n.adjoint:>14.8g}  "
                   + ", ".join(f"{v:.8g}" for v in n.partials)).rstrip())
    if not all(map(math.isfinite, numbers)):
        print("warning: some values are not finite at this point" + (" (written as null)" if args.json else ""),
              file=sys.stderr)
    return 0


def parse_lr_range(text: str) -> tuple[float, float]:
    parts = text.split(":")
    if len(parts) != 2:
        raise UsageError(f"--lr-range takes A:B, like 0.01:1.5; got {text!r}")
    try:
        a, b = float(parts[0]), float(parts[1])
    except ValueError:
        raise UsageError(f"--lr-range takes two numbers A:B, like 0.01:1.5; got {text!r}") from None
    if not (math.isfinite(a) and math.isfinite(b)):
        raise UsageError(f"--lr-range must be finite numbers, got {text!r}")
    return a, b


def cmd_sweep(args) -> int:
    from gdexplorer.core.descent import RunError
    from gdexplorer.core.sweep import learning_rates, sweep, sweep_csv

    expr = _parse_expression(args.function)
    start = _point_for(expr, args.start, "--start")
    a, b = parse_lr_range(args.lr_range)
    if args.num < 1:
        raise UsageError(f"--num must be >= 1, got {args.num}")
    if args.steps < 0:
        raise UsageError(f"--steps must be >= 0, got {args.steps}")
    if not 1 <= args.keep <= args.steps + 1:
        raise UsageError(f"--keep must be from 1 to steps + 1 = {args.steps + 1} (a run has steps + 1 points), "
                         f"got {args.keep}")
    settings = dict(parse_setting(s) for s in args.set)
    if "lr" in settings:
        raise UsageError("--set lr: the sweep sets lr from --lr-range")
    try:
        lrs = learning_rates(a, b, args.num, log=args.log)
    except RunError as exc:
        raise UsageError(f"--lr-range {args.lr_range}: {exc}") from None
    schedule, clip = _schedule_and_clip(args)
    out_file = _open_output(args.out) if args.out else None
    try:
        result = sweep(expr, start, args.optimizer, lrs, args.steps, keep=args.keep, hyperparameters=settings,
                       schedule=schedule, clip=clip)
    except RunError as exc:
        if out_file:
            out_file.discard()
        raise UsageError(str(exc)) from None
    except BaseException:
        if out_file:
            out_file.discard()
        raise
    text = sweep_csv(result)
    if out_file:
        out_file.commit(text)
    else:
        sys.stdout.write(text)
    stopped = {s: result.status.count(s) for s in ("diverged", "undefined", "singular") if s in result.status}
    if stopped:
        print(f"note: {sum(stopped.values())} of {len(lrs)} runs stopped early ("
              + ", ".join(f"{s}: {n}" for s, n in stopped.items()) + "): one row of nan each", file=sys.stderr)
    return 0


def cmd_basin(args) -> int:
    from gdexplorer.core.basin import basin_image, basin_map, png_bytes
    from gdexplorer.core.critical import parse_range

    expr = _parse_expression(args.function)
    if expr.dim != 2:
        raise UsageError("basin needs a function of x and y")
    grid = args.grid.split(",")
    if len(grid) != 2 or not all(p.strip().isdigit() and int(p) >= 1 for p in grid):
        raise UsageError(f"--grid takes NX,NY (whole numbers >= 1, like 200,200), got {args.grid!r}")
    nx, ny = (int(p) for p in grid)
    try:
        (x0, x1), (y0, y1) = parse_range(args.range, 2)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.steps < 0:
        raise UsageError(f"--steps must be >= 0, got {args.steps}")
    for name, tol in (("--gtol", args.gtol), ("--xtol", args.xtol)):
        if not (math.isfinite(tol) and tol >= 0):
            raise UsageError(f"{name} must be a finite number >= 0, got {tol!r}")
    settings = dict(parse_setting(s) for s in args.set)
    if args.lr is not None:
        settings["lr"] = args.lr
    schedule, clip = _schedule_and_clip(args)
    outputs = [_open_output(args.out)]
    if args.png:
        outputs.append(_open_output(args.png))
    try:
        result = basin_map(expr, (x0, x1), (y0, y1), nx, ny, args.optimizer, steps=args.steps,
                           hyperparameters=settings, gtol=args.gtol, xtol=args.xtol, schedule=schedule, clip=clip)
        import numpy as np

        with open(outputs[0].tmp, "wb") as fh:
            np.savez(fh, **result.arrays())
        if args.png:
            with open(outputs[1].tmp, "wb") as fh:
                fh.write(png_bytes(basin_image(result.label, result.steps)))
        for out in outputs:
            os.replace(out.tmp, out.path)
    except (KeyError, ValueError, OSError) as exc:
        for out in outputs:
            out.discard()
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {exc.filename or args.out!r}: {exc.strerror or exc}") from None
        raise UsageError(str(exc).strip("'\"")) from None
    except BaseException:
        for out in outputs:
            out.discard()
        raise
    counts = {int(v): int(n) for v, n in zip(*np.unique(result.label, return_counts=True))}
    print(f"{len(result.minima)} minima; starts per label: "
          + ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())), file=sys.stderr)
    for k, (x, y, f) in enumerate(result.minima):
        print(f"label {k}: x={x:.6g} y={y:.6g} f={f:.6g}", file=sys.stderr)
    return 0


def _fit_batch(text: str) -> int | None:
    """--batch: a whole number >= 1, or 'all' (None: the full batch)."""
    if text.strip().lower() in ("all", "full"):
        return None
    try:
        batch = int(text)
    except ValueError:
        raise UsageError(f"--batch must be a whole number >= 1 or 'all', got {text!r}") from None
    if batch < 1:
        raise UsageError(f"--batch must be a whole number >= 1 or 'all', got {text!r}")
    return batch


def _fit_data(args):
    """The dataset --csv or the synthetic options describe (a DataError for bad data)."""
    from gdexplorer.core.fit import SEED_002, load_csv, synthetic

    if args.csv is not None:
        return load_csv(args.csv, args.model)
    n = SEED_002["n"] if args.n is None else args.n
    w = SEED_002["w"] if args.w is None else args.w
    b = SEED_002["b"] if args.b is None else args.b
    noise = SEED_002["noise"] if args.noise is None else args.noise
    return synthetic(n, w, b, noise, model=args.model, seed=args.seed)


def _check_fit_args(args) -> tuple[int | None, list[float], dict[str, float]]:
    synthetic_options = [name for name, value in (("--n", args.n), ("--w", args.w), ("--b", args.b),
                                                  ("--noise", args.noise)) if value is not None]
    if args.csv is not None and synthetic_options:
        raise UsageError(f"--csv and {synthetic_options[0]} cannot be combined: the data come from the file "
                         "or are synthetic")
    if args.n is not None and args.n < 2:
        raise UsageError(f"--n must be >= 2 (training needs at least 2 samples), got {args.n}")
    for name, value in (("--w", args.w), ("--b", args.b), ("--noise", args.noise)):
        if value is not None and not math.isfinite(value):
            raise UsageError(f"{name} must be a finite number, got {value!r}")
    if args.noise is not None and args.noise < 0:
        raise UsageError(f"--noise must be >= 0, got {args.noise!r}")
    batch = _fit_batch(args.batch)
    if args.epochs < 0:
        raise UsageError(f"--epochs must be >= 0, got {args.epochs}")
    if args.seed < 0:
        raise UsageError(f"--seed must be >= 0, got {args.seed}")
    start = [0.0, 0.0]
    if args.start is not None:
        start = parse_point(args.start, "--start")
        if len(start) != 2:
            raise UsageError(f"--start needs 2 coordinates (W,B), got {len(start)}")
    settings = dict(parse_setting(s) for s in args.set)
    if args.lr is not None:
        settings["lr"] = args.lr
    if args.trace is not None and args.out is not None and os.path.abspath(args.trace) == os.path.abspath(args.out):
        raise UsageError("--out and --trace name the same file")
    return batch, start, settings


def cmd_fit(args) -> int:
    from gdexplorer.core.fit import DataError, FitError, Trainer, epochs_csv, resolve_optimizer, trace_csv

    batch, start, settings = _check_fit_args(args)
    try:
        resolve_optimizer(args.optimizer, settings)  # before reading a large file
    except FitError as exc:
        raise UsageError(str(exc)) from None
    schedule, clip = _schedule_and_clip(args)
    outputs = []
    try:
        if args.out:
            outputs.append(_open_output(args.out))
        if args.trace:
            outputs.append(_AtomicOutput(args.trace, "--trace"))
        data = _fit_data(args)
        trainer = Trainer(data, args.optimizer, hyperparameters=settings, batch_size=batch, epochs=args.epochs,
                          start=start, seed=args.seed, keep_trace=args.trace is not None, schedule=schedule, clip=clip)
        result = trainer.run()
        texts = [epochs_csv(result.epochs)] if args.out else []
        if args.trace:
            texts.append(trace_csv(result.trace))
        for out, text in zip(outputs, texts):
            out.commit(text)
    except (DataError, FitError) as exc:
        for out in outputs:
            out.discard()
        raise UsageError(str(exc)) from None
    except BaseException:
        for out in outputs:
            out.discard()
        raise
    if not args.out:
        sys.stdout.write(epochs_csv(result.epochs))
    if result.status != "ok":
        print(result.message, file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-test"]:
        from gdexplorer import selftest

        return selftest.main(argv[1:])
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
        from gdexplorer import gui

        return gui.main(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(join_option_values(argv))
        if args.command is None:
            parser.print_help()
            return 0
        handler = {"run": cmd_run, "grad": cmd_grad, "optimizers": cmd_optimizers, "critical": cmd_critical, "graph": cmd_graph,
                   "sweep": cmd_sweep, "basin": cmd_basin, "fit": cmd_fit, "presets": cmd_presets}[args.command]
        return handler(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `gdexplorer run ... | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        return 130
