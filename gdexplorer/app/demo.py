"""The demo race: six optimizers from one start on the default preset (Rosenbrock), each at a rate
that shows its character in a few seconds. `make run` without a display animates it
(`gdexplorer --demo`), the README's hero screenshot shows it and benchmarks/bench_frame.py times it."""
from __future__ import annotations

from gdexplorer.app.runs import RUN_COLOURS, RunSettings

START = (-1.5, 2.0)
#: (optimizer, learning rate), in the order of the runs table
RACE = (("gd", 1e-3), ("momentum", 5e-4), ("nesterov", 5e-4), ("rmsprop", 0.02), ("adam", 0.08), ("newton", 0.5))


def demo_runs() -> list[RunSettings]:
    return [
        RunSettings(optimizer=name, hyperparameters={"lr": lr}, start=START, colour=RUN_COLOURS[i])
        for i, (name, lr) in enumerate(RACE)
    ]
