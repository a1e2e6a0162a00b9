"""CSV exports, one writer for the command line and the window.

`gdexplorer run` writes one trajectory (:func:`trajectory_csv`); the window writes every run's
(:func:`runs_csv`): the same columns, each row prefixed by the run it belongs to, after comment
lines (#) that say how the file was made (the version, the function and every run's settings).
Floats are written with ``repr``, so they read back exactly.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator, Mapping, Sequence

from gdexplorer._version import __version__
from gdexplorer.core.descent import Trajectory


def with_default_suffix(path: str, suffix: str) -> str:
    """``path`` with ``suffix`` (".png") added when the name typed has none: a file saved without
    an extension is not opened by the viewer its type calls for."""
    return path if os.path.splitext(path)[1] else path + suffix


def columns(dim: int) -> str:
    return "step,x,y,f,gx,gy" if dim == 2 else "step,x,f,gx"


def trajectory_rows(trajectory: Trajectory, prefix: str = "") -> Iterator[str]:
    """One line per row of ``trajectory`` in the columns of :func:`columns`, after ``prefix``."""
    two_d = trajectory.dim == 2
    for k in range(trajectory.steps + 1):
        p, g = trajectory.points[k], trajectory.grad[k]
        values = (p[0], p[1], trajectory.f[k], g[0], g[1]) if two_d else (p[0], trajectory.f[k], g[0])
        yield f"{prefix}{k}," + ",".join(repr(float(v)) for v in values)


def trajectory_csv(trajectory: Trajectory) -> str:
    """`step,x,y,f,gx,gy` (1-D: `step,x,f,gx`), row 0 the start: what `gdexplorer run` writes."""
    return "\n".join([columns(trajectory.dim), *trajectory_rows(trajectory)]) + "\n"


@dataclass(frozen=True)
class RunRecord:
    """What an export says of one run: its optimizer and resolved hyperparameters (lr included),
    start, noise and seed, its trajectory (None when it could not start) and a note (why not)."""

    optimizer: str
    hyperparameters: Mapping[str, float] = field(default_factory=dict)
    start: tuple[float, ...] = ()
    noise: float = 0.0
    seed: int = 0
    trajectory: Trajectory | None = None
    note: str = ""
    #: the hyperparameters that are on/off switches (adam's amsgrad): written 0 or 1, not 1.0
    switches: frozenset[str] = frozenset()

    @property
    def learning_rate(self) -> float:
        return float(self.hyperparameters.get("lr", float("nan")))


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


def run_comment(number: int, record: RunRecord, dim: int) -> str:
    """`# run N: adam lr=0.05 beta1=0.9 ... amsgrad=0 start=(-1.5,2.0) noise=0.0 seed=0` (a switch
    written 0 or 1)."""
    parts = [f"{name}={int(bool(value))}" if name in record.switches else f"{name}={float(value)!r}"
             for name, value in record.hyperparameters.items()]
    start = ",".join(repr(float(v)) for v in record.start[:dim])
    parts += [f"start=({start})", f"noise={float(record.noise)!r}", f"seed={record.seed}"]
    note = f" ({_one_line(record.note)})" if record.note else ""
    return f"# run {number}: {record.optimizer} " + " ".join(parts) + note


def runs_csv(records: Sequence[RunRecord], expression: str | None = None) -> str:
    started = [(i, r) for i, r in enumerate(records, 1) if r.trajectory is not None]
    dim = started[0][1].trajectory.dim if started else 2
    lines = [f"# gdexplorer {__version__}"]
    if expression is not None:
        lines.append(f"# {'f(x, y)' if dim == 2 else 'f(x)'} = {_one_line(expression)}")
    lines += [run_comment(number, record, dim) for number, record in enumerate(records, 1)]
    lines.append(f"run,optimizer,lr,{columns(dim)}")
    for number, record in started:
        lines += trajectory_rows(record.trajectory, f"{number},{record.optimizer},{record.learning_rate!r},")
    return "\n".join(lines) + "\n"
