"""AdaGrad (torch.optim.Adagrad): per-coordinate steps that shrink with the sum of squared gradients."""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, register,
)

ADAGRAD = UpdateRule(
    "adagrad", ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
    state=(StateVector("sum", "s: the sum of squared gradients", init="initial_accumulator_value", role="second_moment"),),
    order=20,
)
LR, LR_DECAY, WD, EPS = map(ADAGRAD.hyper_index, ("lr", "lr_decay", "weight_decay", "eps"))
SUM = ADAGRAD.state_index("sum")


@ADAGRAD.define
def adagrad_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, lr_decay, wd, eps = hyper[LR], hyper[LR_DECAY], hyper[WD], hyper[EPS]
    clr = lr / (1.0 + (t - 1) * lr_decay)
    for i in range(dim):
        gi = g[i] + wd * theta[i] if wd != 0.0 else g[i]
        state[SUM, i] = state[SUM, i] + gi * gi
        std = math.sqrt(state[SUM, i]) + eps
        theta[i] = theta[i] + (-clr) * gi / std
    return OK


register(OptimizerSpec(
    "adagrad", "AdaGrad", ADAGRAD, "per-coordinate steps shrink with the sum of squared gradients",
    "s ← s + g²;  θ ← θ − α/(1+(t−1)·η)·g/(√s + ε)",
    (learning_rate(0.01),
     Hyperparameter("lr_decay", 0.0, 0.0, math.inf, "η: learning-rate decay, α/(1+(t−1)η)"),
     WEIGHT_DECAY,
     Hyperparameter("initial_accumulator_value", 0.0, 0.0, math.inf, "starting value of the sum s"),
     Hyperparameter("eps", 1e-10, 0.0, 1.0, "ε added to the denominator", log_scale=True)),
    torch="Adagrad(lr)",
    preset_rates=dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.05, himmelblau=0.2, beale=0.1, booth=0.2,
                      saddle=0.05, monkey_saddle=0.02, rastrigin=0.2, ackley=0.2, six_hump_camel=0.05,
                      seed004=0.05, seed004_exact=0.05),
))
