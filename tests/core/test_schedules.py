"""Learning-rate schedules and gradient clipping (issue 13): torch.optim.lr_scheduler's names and
rates, SequentialLR chaining, clip_grad_norm_, and whole trajectories against PyTorch to 1e-9."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core.descent import RunError, run
from gdexplorer.core.expression import parse
from gdexplorer.core.schedules import ScheduleError, check_clip, clip_gradient, parse_schedule

torch = pytest.importorskip("torch")  # the test reference (installed by `make test`)
sched = torch.optim.lr_scheduler

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def torch_schedulers(opt, text: str):
    """The torch scheduler for our schedule text, built the way a user would."""
    def one(part):
        name, _, args = part.partition(":")
        kw = {k: float(v) for k, v in (a.split("=") for a in args.split(",") if a)}
        for key in ("step_size", "T_max", "total_iters"):
            if key in kw:
                kw[key] = int(kw[key])
        if name == "step":
            return sched.StepLR(opt, **kw)
        if name == "exponential":
            return sched.ExponentialLR(opt, **kw)
        if name == "cosine":
            return sched.CosineAnnealingLR(opt, **kw)
        if name == "linear":
            return sched.LinearLR(opt, **kw)
        if name == "invsqrt":
            return sched.LambdaLR(opt, lambda t: 1.0 / math.sqrt(t + 1.0))
        raise AssertionError(name)

    parts = [p.strip() for p in text.split("+")]
    if len(parts) == 1:
        return one(parts[0])
    schedulers = [one(p) for p in parts]
    return sched.SequentialLR(opt, schedulers, milestones=parse_schedule(text).milestones)


SCHEDULES = [
    "step:step_size=7,gamma=0.5",
    "exponential:gamma=0.9",
    "cosine:T_max=20,eta_min=0.001",
    "cosine:T_max=8",  # past T_max: torch's cosine climbs back, the closed form too
    "linear:start_factor=0.1,end_factor=1,total_iters=10",
    "linear",  # torch's defaults: 1/3 -> 1 over 5
    "invsqrt",
    "linear:start_factor=0.1,total_iters=5 + cosine:T_max=20",  # warm-up, then cosine
    "linear:start_factor=0.2,total_iters=4 + step:step_size=6,gamma=0.3 + exponential:gamma=0.95",
    "step:step_size=3,gamma=0.5 + invsqrt",
]


@pytest.mark.parametrize("text", SCHEDULES)
def test_rates_equal_torch_schedulers_step_by_step(text):
    base = 0.05
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base)
    scheduler = torch_schedulers(opt, text)
    expected = []
    for _ in range(40):
        expected.append(opt.param_groups[0]["lr"])  # the rate the next optimizer step uses
        opt.step()
        scheduler.step()
    got = parse_schedule(text).rates(base, np.arange(1, 41))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def torch_trajectory(optimizer, lr, start, steps, text=None, clip=0.0, **kw):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = optimizer([p], lr=lr, **kw)
    scheduler = torch_schedulers(opt, text) if text else None
    points = [p.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        x, y = p[0], p[1]
        loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_([p], clip)
        opt.step()
        if scheduler:
            scheduler.step()
        points.append(p.detach().numpy().copy())
    return np.array(points)


@pytest.mark.parametrize("name,torch_opt,lr,kw", [
    ("adam", torch.optim.Adam, 0.05, {}),
    ("momentum", torch.optim.SGD, 5e-4, {"momentum": 0.9}),
    ("rmsprop", torch.optim.RMSprop, 0.01, {}),
    ("gd", torch.optim.SGD, 1e-3, {}),
])
@pytest.mark.parametrize("text,clip", [
    ("linear:start_factor=0.1,total_iters=10 + cosine:T_max=50", 0.0),
    (None, 5.0),
    ("step:step_size=20,gamma=0.5 + exponential:gamma=0.98", 2.0),
])
def test_trajectories_with_schedules_and_clipping_equal_pytorch(name, torch_opt, lr, kw, text, clip):
    expr = parse(ROSENBROCK)
    ours = run(expr, (-1.2, 1.0), name, steps=120, hyperparameters={"lr": lr}, noise=0.0, schedule=text, clip=clip)
    ref = torch_trajectory(torch_opt, lr, [-1.2, 1.0], 120, text, clip, **kw)
    assert ours.status == "ok"
    np.testing.assert_allclose(ours.points, ref, rtol=1e-9, atol=1e-12)


def test_clipping_changes_the_step_not_the_recorded_gradient():
    expr = parse(ROSENBROCK)
    plain = run(expr, (-1.2, 1.0), "gd", steps=1, hyperparameters={"lr": 1e-3})
    clipped = run(expr, (-1.2, 1.0), "gd", steps=1, hyperparameters={"lr": 1e-3}, clip=1.0)
    g = plain.grad[0]
    np.testing.assert_array_equal(clipped.grad[0], g)  # the CSV keeps the raw gradient
    np.testing.assert_allclose(clipped.points[1] - clipped.points[0], -1e-3 * clip_gradient(g, 1.0), rtol=1e-12)
    assert np.hypot(*(clipped.points[1] - clipped.points[0])) == pytest.approx(1e-3 * 1.0 / (1 + 1e-6 / np.hypot(*g)),
                                                                                rel=1e-9)


@pytest.mark.parametrize("text,part", [
    ("warmup", "unknown schedule 'warmup'"),
    ("step", "step needs step_size"),
    ("step:step_size=0", "step_size must be in [1, inf)"),
    ("step:step_size=2.5", "step_size must be a whole number"),
    ("cosine:T_max=10,eta=0", "cosine has no parameter 'eta'"),
    ("exponential:gamma=abc", "gamma must be a number, got 'abc'"),
    ("exponential:gamma=0.9 + cosine:T_max=5", "schedule part 1 'exponential:gamma=0.9': exponential has no length"),
    ("linear:start_factor=0", "start_factor must be in (0, 1]"),
    ("linear:total_iters=5 + ", "schedule part 2 '': unknown schedule ''"),
    ("cosine:", "nothing after ':'"),
    ("cosine:T_max=5,,eta_min=0", "an empty parameter"),
    ("cosine:T_max=5,T_max=6", "T_max is given twice"),
    ("step:step_size", "'step_size' should be name=value"),
])
def test_bad_schedule_text_names_the_bad_part(text, part):
    with pytest.raises(ScheduleError) as info:
        parse_schedule(text)
    assert part in str(info.value)
    with pytest.raises(RunError) as info:  # a run refuses it with the same words
        run(parse("x^2+y^2"), (1.0, 1.0), "gd", steps=1, schedule=text)
    assert part in str(info.value)


def test_empty_or_none_is_no_schedule_and_clip_checks():
    assert parse_schedule("") is None and parse_schedule(" none ") is None
    assert check_clip(None) == 0.0 and check_clip("0") == 0.0 and check_clip(2) == 2.0
    for bad in (-1.0, math.inf, math.nan, "x"):
        with pytest.raises(ValueError):
            check_clip(bad)
    assert parse_schedule("linear:start_factor=0.1,total_iters=10+cosine:T_max=100").text() == \
        "linear:start_factor=0.1,end_factor=1,total_iters=10 + cosine:T_max=100,eta_min=0"
