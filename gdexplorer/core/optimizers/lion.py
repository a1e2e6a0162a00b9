"""Lion (Chen et al. 2023, "Symbolic discovery of optimization algorithms"): the sign of an
interpolation between the momentum and the gradient, so every coordinate moves by exactly α (or
not at all), with decoupled weight decay; the momentum is updated after the step, with its own β₂.

As the paper's program: c = β₁m + (1−β₁)g; θ ← θ − α(sign(c) + λθ); m ← β₂m + (1−β₂)g, with
sign(0) = 0 (a coordinate whose c is 0 only decays). Defaults: the paper's β₁ = 0.9, β₂ = 0.99,
λ = 0, and lion-pytorch's α = 1e-4 (the paper: 3–10x smaller than AdamW's).
"""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, register,
)

LION = UpdateRule(
    "lion", ("lr", "beta1", "beta2", "weight_decay"),
    state=(StateVector("exp_avg", "m: momentum, running mean of g (updated after the step)", role="momentum"),),
    order=70,
)
LR, B1, B2, WD = map(LION.hyper_index, ("lr", "beta1", "beta2", "weight_decay"))
EXP_AVG = LION.state_index("exp_avg")


@LION.define
def lion_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, b1, b2, wd = hyper[LR], hyper[B1], hyper[B2], hyper[WD]
    for i in range(dim):
        m = state[EXP_AVG, i]
        c = b1 * m + (1.0 - b1) * g[i]
        direction = 1.0 if c > 0.0 else (-1.0 if c < 0.0 else 0.0)  # sign(c), 0 at 0
        theta[i] = theta[i] - lr * (direction + wd * theta[i])
        state[EXP_AVG, i] = b2 * m + (1.0 - b2) * g[i]
    return OK


register(OptimizerSpec(
    "lion", "Lion", LION, "sign of an interpolated momentum: every coordinate steps by ±α",
    "c ← β₁m + (1−β₁)g;  θ ← θ − α·(sign(c) + λθ);  m ← β₂m + (1−β₂)g",
    (learning_rate(1e-4),
     Hyperparameter("beta1", 0.9, 0.0, 1.0, "β₁: weight of m against g in the step's direction", high_open=True),
     Hyperparameter("beta2", 0.99, 0.0, 1.0, "β₂: decay rate of the momentum m", high_open=True),
     Hyperparameter("weight_decay", 0.0, 0.0, math.inf, "decoupled decay λ: θ ← θ − αλθ")),
    torch="(not in torch.optim) lion_pytorch.Lion(lr, betas=(0.9, 0.99))",
    preset_rates=dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.05, himmelblau=0.2, beale=0.005, booth=0.2,
                      saddle=0.01, monkey_saddle=0.01, rastrigin=0.2, ackley=0.2, six_hump_camel=0.05,
                      seed004=0.05, seed004_exact=0.05),
))
