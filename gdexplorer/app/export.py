"""CSV of all runs' trajectories: `gdexplorer run`'s columns (step,x,y,f,gx,gy; 1-D: step,x,f,gx),
each row prefixed by the run it belongs to (run,optimizer,lr)."""
from __future__ import annotations

from gdexplorer.app.runs import Run


def runs_csv(runs: list[Run]) -> str:
    trajectories = [(i, run, run.trajectory) for i, run in enumerate(runs, 1) if run.trajectory is not None]
    two_d = not trajectories or trajectories[0][2].dim == 2
    columns = "step,x,y,f,gx,gy" if two_d else "step,x,f,gx"
    lines = [f"run,optimizer,lr,{columns}"]
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
