"""AdaDelta (torch.optim.Adadelta): RMSProp whose step has the units of θ, from a running mean of past steps."""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, register,
)

ADADELTA = UpdateRule(
    "adadelta", ("lr", "rho", "eps", "weight_decay"),
    state=(StateVector("square_avg", "s: running mean of g²", role="second_moment"), StateVector("acc_delta", "u: running mean of Δ²")),
    order=40,
)
LR, RHO, EPS, WD = map(ADADELTA.hyper_index, ("lr", "rho", "eps", "weight_decay"))
SQUARE_AVG, ACC_DELTA = map(ADADELTA.state_index, ("square_avg", "acc_delta"))


@ADADELTA.define
def adadelta_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, rho, eps, wd = hyper[LR], hyper[RHO], hyper[EPS], hyper[WD]
    for i in range(dim):
        gi = g[i] + wd * theta[i] if wd != 0.0 else g[i]
        state[SQUARE_AVG, i] = state[SQUARE_AVG, i] * rho + (1.0 - rho) * gi * gi
        std = math.sqrt(state[SQUARE_AVG, i] + eps)
        delta = math.sqrt(state[ACC_DELTA, i] + eps) / std * gi
        state[ACC_DELTA, i] = state[ACC_DELTA, i] * rho + (1.0 - rho) * delta * delta
        theta[i] = theta[i] + (-lr) * delta
    return OK


register(OptimizerSpec(
    "adadelta", "AdaDelta", ADADELTA, "RMSProp with units fixed by a running mean of past steps",
    "s ← ρs + (1−ρ)g²;  Δ ← √(u+ε)/√(s+ε)·g;  u ← ρu + (1−ρ)Δ²;  θ ← θ − α·Δ",
    (learning_rate(1.0),
     Hyperparameter("rho", 0.9, 0.0, 1.0, "decay ρ of the running means", high_open=True),
     Hyperparameter("eps", 1e-6, 0.0, 1.0, "ε inside the square roots", log_scale=True),
     WEIGHT_DECAY),
    torch="Adadelta(lr)",
    preset_rates=dict(bowl=5.0, ill_bowl=5.0, rosenbrock=5.0, himmelblau=5.0, beale=5.0, booth=5.0,
                      saddle=0.2, monkey_saddle=1.0, rastrigin=5.0, ackley=5.0, six_hump_camel=5.0,
                      seed004=5.0, seed004_exact=5.0),
))
