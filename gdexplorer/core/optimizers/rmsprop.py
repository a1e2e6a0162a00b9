"""RMSProp (torch.optim.RMSprop): divide by a running RMS of recent gradients, optionally centered
and with momentum."""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    EPS, WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, lerp, register,
)

RMSPROP = UpdateRule(
    "rmsprop", ("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
    state=(
        StateVector("square_avg", "s: running mean of g²", role="second_moment"),
        StateVector("momentum_buffer", "b: velocity of the scaled steps", used_when="momentum", role="momentum"),
        StateVector("grad_avg", "ḡ: running mean of g (centered)", used_when="centered"),
    ),
    order=30,
)
LR, ALPHA, EPS_, WD, MOM, CENTERED = map(RMSPROP.hyper_index, ("lr", "alpha", "eps", "weight_decay", "momentum", "centered"))
SQUARE_AVG, BUF, GRAD_AVG = map(RMSPROP.state_index, ("square_avg", "momentum_buffer", "grad_avg"))


@RMSPROP.define
def rmsprop_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, alpha, eps, wd, mom, centered = hyper[LR], hyper[ALPHA], hyper[EPS_], hyper[WD], hyper[MOM], hyper[CENTERED]
    for i in range(dim):
        gi = g[i] + wd * theta[i] if wd != 0.0 else g[i]
        state[SQUARE_AVG, i] = state[SQUARE_AVG, i] * alpha + (1.0 - alpha) * gi * gi
        if centered != 0.0:
            state[GRAD_AVG, i] = lerp(state[GRAD_AVG, i], gi, 1.0 - alpha)
            avg = math.sqrt(state[SQUARE_AVG, i] + (-1.0) * state[GRAD_AVG, i] * state[GRAD_AVG, i]) + eps
        else:
            avg = math.sqrt(state[SQUARE_AVG, i]) + eps
        if mom > 0.0:
            state[BUF, i] = state[BUF, i] * mom + gi / avg
            theta[i] = theta[i] + (-lr) * state[BUF, i]
        else:
            theta[i] = theta[i] + (-lr) * gi / avg
    return OK


register(OptimizerSpec(
    "rmsprop", "RMSProp", RMSPROP, "divide by a running RMS of recent gradients",
    "s ← a·s + (1−a)·g²;  θ ← θ − α·g/(√s + ε)",
    (learning_rate(0.01),
     Hyperparameter("alpha", 0.99, 0.0, 1.0, "smoothing constant a of the running mean of g²", high_open=True),
     EPS, WEIGHT_DECAY,
     Hyperparameter("momentum", 0.0, 0.0, 1.0, "momentum μ on the scaled step", high_open=True),
     Hyperparameter("centered", 0.0, 0.0, 1.0, "1: divide by an estimate of the variance (s − ḡ²)", kind="bool")),
    torch="RMSprop(lr)",
    preset_rates=dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.05, himmelblau=0.2, beale=0.1, booth=0.1,
                      saddle=0.005, monkey_saddle=0.002, rastrigin=0.1, ackley=0.1, six_hump_camel=0.02,
                      seed004=0.05, seed004_exact=0.05),
))
