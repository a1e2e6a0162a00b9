"""CSV of all runs' trajectories: `gdexplorer run`'s columns (step,x,y,f,gx,gy; 1-D: step,x,f,gx),
each row prefixed by the run it belongs to (run,optimizer,lr). Comment lines (#) before the header
say how the file was made: the version, the function and every run's resolved settings."""
from __future__ import annotations

import os

from gdexplorer._version import __version__
from gdexplorer.app.runs import Run


def with_default_suffix(path: str, suffix: str) -> str:
    """``path`` with ``suffix`` (".png") added when the name typed has none: a file saved without
    an extension is not opened by the viewer its type calls for."""
    return path if os.path.splitext(path)[1] else path + suffix


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


def run_comment(number: int, run: Run, dim: int) -> str:
    """`# run N: adam lr=0.05 beta1=0.9 ... start=(-1.5,2.0) noise=0.0 seed=0`, floats as repr (they
    read back exactly)."""
    s = run.settings
    try:
        values = s.spec.resolve({**s.hyperparameters, "lr": s.effective_learning_rate})
    except (KeyError, ValueError) as exc:  # settings that no longer check out: say so, keep the rest
        return f"# run {number}: {s.optimizer} (settings not valid: {_one_line(str(exc))})"
    noise = s.spec.default_noise if s.noise is None else float(s.noise)
    parts = [f"{name}={float(value)!r}" for name, value in values.items()]
    start = ",".join(repr(float(v)) for v in s.start[:dim])
    parts += [f"start=({start})", f"noise={noise!r}", f"seed={s.seed}"]
    note = f" (not run: {_one_line(run.error)})" if run.error else ""
    return f"# run {number}: {s.optimizer} " + " ".join(parts) + note


def runs_csv(runs: list[Run], expression: str | None = None) -> str:
    trajectories = [(i, run, run.trajectory) for i, run in enumerate(runs, 1) if run.trajectory is not None]
    two_d = not trajectories or trajectories[0][2].dim == 2
    dim = 2 if two_d else 1
    lines = [f"# gdexplorer {__version__}"]
    if expression is not None:
        lines.append(f"# {'f(x, y)' if two_d else 'f(x)'} = {_one_line(expression)}")
    lines += [run_comment(number, run, dim) for number, run in enumerate(runs, 1)]
    columns = "step,x,y,f,gx,gy" if two_d else "step,x,f,gx"
    lines.append(f"run,optimizer,lr,{columns}")
    for number, run, traj in trajectories:
        prefix = f"{number},{run.settings.optimizer},{run.settings.effective_learning_rate!r}"
        for k in range(traj.steps + 1):
            p, g = traj.points[k], traj.grad[k]
            if two_d:
                values = (p[0], p[1], traj.f[k], g[0], g[1])
            else:
                values = (p[0], traj.f[k], g[0])
            lines.append(f"{prefix},{k}," + ",".join(repr(float(v)) for v in values))
    return "\n".join(lines) + "\n"
