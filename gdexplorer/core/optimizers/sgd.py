"""torch's SGD: plain gradient descent, a noisy stand-in for mini-batch SGD, heavy-ball and Nesterov momentum."""
from __future__ import annotations

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    MOMENTUM, WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, register,
)

SGD = UpdateRule(
    "sgd", ("lr", "momentum", "dampening", "weight_decay", "nesterov"),
    state=(StateVector("momentum_buffer", "velocity v: the running sum of past gradients", used_when="momentum",
                       role="momentum"),),
    order=10,
)
LR, MOM, DAMPENING, WD, NESTEROV = map(SGD.hyper_index, ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
BUF = SGD.state_index("momentum_buffer")


@SGD.define
def sgd_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, mom, damp, wd, nest = hyper[LR], hyper[MOM], hyper[DAMPENING], hyper[WD], hyper[NESTEROV]
    for i in range(dim):
        gi = g[i] + wd * theta[i] if wd != 0.0 else g[i]
        if mom != 0.0:
            if t == 1:
                state[BUF, i] = gi
            else:
                state[BUF, i] = state[BUF, i] * mom + (1.0 - damp) * gi
            gi = gi + mom * state[BUF, i] if nest != 0.0 else state[BUF, i]
        theta[i] = theta[i] - lr * gi
    return OK


def _sgd_like(name, label, summary, formula, extra=(), fixed=None, noise=0.0, torch="", preset_rates=None):
    return register(OptimizerSpec(
        name, label, SGD, summary, formula, (learning_rate(0.01),) + tuple(extra) + (WEIGHT_DECAY,),
        fixed=fixed or {}, default_noise=noise, torch=torch, preset_rates=preset_rates or {},
    ))


# gd and sgd (noise aside, the same steps) take the same rates
_GD_RATES = dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.001, himmelblau=0.01, beale=0.001, booth=0.02,
                 saddle=0.02, monkey_saddle=0.0005, rastrigin=0.002, ackley=0.05, six_hump_camel=0.02,
                 seed004=0.1, seed004_exact=0.1)

_sgd_like(
    "gd", "Gradient descent", "plain gradient descent: step against the gradient",
    "θ ← θ − α·g", torch="SGD(lr)",
    preset_rates=_GD_RATES,
)
_sgd_like(
    "sgd", "Stochastic GD", "gradient descent on a noisy gradient g + σ·ξ, ξ ~ N(0, I) (a stand-in for mini-batch noise)",
    "θ ← θ − α·(g + σξ)", noise=1.0, torch="SGD(lr) on g + σξ",
    preset_rates=_GD_RATES,
)
_sgd_like(
    "momentum", "Momentum", "heavy-ball momentum: a velocity accumulates past gradients",
    "v ← μ·v + (1−τ)·g;  θ ← θ − α·v",
    extra=(MOMENTUM, Hyperparameter("dampening", 0.0, 0.0, 1.0, "dampening τ of the gradient added to the velocity")),
    torch="SGD(lr, momentum=0.9)",
    preset_rates=dict(bowl=0.5, ill_bowl=0.2, rosenbrock=0.001, himmelblau=0.01, beale=0.002, booth=0.02,
                      saddle=0.01, monkey_saddle=5e-05, rastrigin=0.002, ackley=0.02, six_hump_camel=0.05,
                      seed004=0.1, seed004_exact=0.1),
)
_sgd_like(
    "nesterov", "Nesterov", "Nesterov momentum: the step looks ahead along the velocity",
    "v ← μ·v + g;  θ ← θ − α·(g + μ·v)", extra=(MOMENTUM,), fixed={"nesterov": 1.0},
    torch="SGD(lr, momentum=0.9, nesterov=True)",
    preset_rates=dict(bowl=0.2, ill_bowl=0.1, rosenbrock=0.0005, himmelblau=0.01, beale=0.002, booth=0.01,
                      saddle=0.005, monkey_saddle=5e-05, rastrigin=0.002, ackley=0.02, six_hump_camel=0.02,
                      seed004=0.1, seed004_exact=0.2),
)
