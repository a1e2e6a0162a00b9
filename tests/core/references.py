"""Independent references for the core tests.

Everything here is written by hand from the mathematics (numpy formulas, plain-Python loops) or
with PyTorch (float64 autograd and ``torch.optim``). Nothing here calls gdexplorer, so a test that
compares gdexplorer against these is a comparison with an independent computation.

PyTorch is optional in this module (it is imported lazily): only ``test_torch_reference.py`` needs
it, and that module skips itself when torch is missing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

try:  # a test/benchmark reference only, never a runtime dependency
    import torch
except ImportError:  # pragma: no cover - make test always installs torch
    torch = None


# ---------------------------------------------------------------------------------------------
# comparison helper
# ---------------------------------------------------------------------------------------------
def assert_close(actual, expected, rtol, what=""):
    """Normwise relative comparison: max|a - e| <= rtol * max(max|e|, 1).

    Elementwise relative tolerance is meaningless for entries that are zero by cancellation (a
    gradient component that passes through 0); relative to the size of the whole vector/matrix it
    is the usual floating-point notion of "agrees to rtol". Non-finite entries must match exactly.
    """
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    assert a.shape == e.shape, f"{what}: shape {a.shape} != {e.shape}"
    fin = np.isfinite(e)
    assert np.array_equal(np.isfinite(a), fin), f"{what}: finiteness differs:\n{a}\n{e}"
    assert np.array_equal(a[~fin], e[~fin], equal_nan=True), f"{what}: non-finite entries differ:\n{a}\n{e}"
    if fin.any():
        scale = max(float(np.max(np.abs(e[fin]))), 1.0)
        err = float(np.max(np.abs(a[fin] - e[fin])))
        assert err <= rtol * scale, f"{what}: error {err:.3e} > {rtol:g} * {scale:.3e}\n got {a}\nwant {e}"


# ---------------------------------------------------------------------------------------------
# test functions written in numpy by hand: f, gradient and Hessian from the formulas
# ---------------------------------------------------------------------------------------------
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"
HIMMELBLAU = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
BEALE = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"
BOWL = "(x - 1)^2 + 2*(y + 0.5)^2"


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)


def rosenbrock_hess(x, y):
    return np.array([[2 - 400 * (y - 3 * x**2), -400 * x], [-400 * x, 200.0]])


def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def himmelblau_grad(x, y):
    a = x**2 + y - 11
    b = x + y**2 - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


# ---------------------------------------------------------------------------------------------
# seed programs, as plain-Python loops
# ---------------------------------------------------------------------------------------------
def gd_loop(derivative, x0: float, lr: float, steps: int) -> float:
    """Seed 004's loop: x <- x - lr * f'(x), in plain Python floats."""
    x = x0
    for _ in range(steps):
        x = x - lr * derivative(x)
    return x


def xcospix_exact_derivative(x: float) -> float:
    """d/dx [x cos(pi x)] = cos(pi x) - pi x sin(pi x)."""
    return math.cos(math.pi * x) - math.pi * x * math.sin(math.pi * x)


def xcospix_seed004_derivative(x: float) -> float:
    """Seed 004's hand-written derivative of x cos(pi x): it drops the factor pi."""
    return math.cos(math.pi * x) - x * math.sin(math.pi * x)


# ---------------------------------------------------------------------------------------------
# PyTorch versions of expressions, written by hand (user text is never evaluated)
# ---------------------------------------------------------------------------------------------
PI, E = math.pi, math.e

# Default probe points: none of them sits on a kink, pole or branch cut of the table below.
P2 = ((0.3, -0.7), (1.2, 0.4), (-0.8, 1.1))
P2_POS = ((0.3, 0.7), (1.2, 0.4), (2.5, 1.7))  # x, y > 0 (real powers, logs)
P1 = ((0.3,), (1.7,), (-0.8,))
P1_POS = ((0.3,), (1.7,), (4.2,))

# (text, torch function of (x, y) 0-dim float64 tensors, probe points). Between them the rows use
# every function, operator and constant of the language.
TORCH_EXPRESSIONS: list[tuple[str, object, tuple]] = [
    # operators
    ("x + y", lambda x, y: x + y, P2),
    ("x - 2*y", lambda x, y: x - 2 * y, P2),
    ("x*y", lambda x, y: x * y, P2),
    ("x / y", lambda x, y: x / y, P2),
    ("(x + 1)/(y^2 + 1)", lambda x, y: (x + 1) / (y**2 + 1), P2),
    ("-x*y", lambda x, y: -x * y, P2),
    ("-(x - y)^2", lambda x, y: -((x - y) ** 2), P2),
    ("+x - -y", lambda x, y: x + y, P2),
    ("x^3*y^2", lambda x, y: x**3 * y**2, P2),
    ("x**2 + y**3", lambda x, y: x**2 + y**3, P2),
    ("x^-2 + y^0.5", lambda x, y: x ** (-2.0) + y**0.5, P2_POS),
    ("x^2.5*y", lambda x, y: x**2.5 * y, P2_POS),
    ("x^y", lambda x, y: torch.pow(x, y), P2_POS),
    ("(x^2 + 1)^sin(y)", lambda x, y: torch.pow(x**2 + 1, torch.sin(y)), P2),
    ("2^(x*y)", lambda x, y: torch.pow(2.0, x * y), P2),
    ("e^(x - y)", lambda x, y: torch.pow(E, x - y), P2),
    ("pi*x - e*y^2", lambda x, y: PI * x - E * y**2, P2),
    ("2x y + 3(x - 1)(y + 2)", lambda x, y: 2 * x * y + 3 * (x - 1) * (y + 2), P2),
    # functions
    ("sin(x)*cos(y)", lambda x, y: torch.sin(x) * torch.cos(y), P2),
    ("tan(x*y)", lambda x, y: torch.tan(x * y), P2),
    ("asin(x*y/2)", lambda x, y: torch.asin(x * y / 2), P2),
    ("acos(x/3 + y/4)", lambda x, y: torch.acos(x / 3 + y / 4), P2),
    ("atan(x - 2*y)", lambda x, y: torch.atan(x - 2 * y), P2),
    ("sinh(x)*cosh(y)", lambda x, y: torch.sinh(x) * torch.cosh(y), P2),
    ("tanh(x*y + x)", lambda x, y: torch.tanh(x * y + x), P2),
    ("exp(x - y^2)", lambda x, y: torch.exp(x - y**2), P2),
    ("log(x^2 + y^2 + 1)", lambda x, y: torch.log(x**2 + y**2 + 1), P2),
    ("ln(x*y + 5)", lambda x, y: torch.log(x * y + 5), P2),
    ("log2(x^2 + y^4 + 0.5)", lambda x, y: torch.log2(x**2 + y**4 + 0.5), P2),
    ("log10(3 + x*y)", lambda x, y: torch.log10(3 + x * y), P2),
    ("sqrt(x^2 + 2*y^2 + 1)", lambda x, y: torch.sqrt(x**2 + 2 * y**2 + 1), P2),
    ("abs(x - y)*y", lambda x, y: torch.abs(x - y) * y, P2),
    ("sign(x)*y^2 + x", lambda x, y: torch.sign(x) * y**2 + x, P2),
    ("min(x, y)^2", lambda x, y: torch.minimum(x, y) ** 2, P2),
    ("max(x^2, y)", lambda x, y: torch.maximum(x**2, y), P2),
    ("min(x, y, x*y) + max(x, 2*y, -1)",
     lambda x, y: torch.minimum(torch.minimum(x, y), x * y)
     + torch.maximum(torch.maximum(x, 2 * y), torch.tensor(-1.0, dtype=torch.float64)),
     P2),
    ("atan2(y, x)", lambda x, y: torch.atan2(y, x), P2),
    ("atan2(x*y, x + 2)", lambda x, y: torch.atan2(x * y, x + 2), P2),
    ("hypot(x, y)", lambda x, y: torch.hypot(x, y), P2),
    ("hypot(x - 1, 2*y)", lambda x, y: torch.hypot(x - 1, 2 * y), P2),
    # the classic landscapes
    (ROSENBROCK, lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2, P2),
    (HIMMELBLAU, lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2, P2),
    (BEALE, lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2, P2),
    ("sin(3x)*cos(2y) + 0.1*(x^2 + y^2)",
     lambda x, y: torch.sin(3 * x) * torch.cos(2 * y) + 0.1 * (x**2 + y**2), P2),
    # functions of x alone (1-D expressions); y is ignored
    ("x*cos(pi*x)", lambda x, y: x * torch.cos(PI * x), P1),
    ("sin(x)^2 - exp(-x^2)", lambda x, y: torch.sin(x) ** 2 - torch.exp(-(x**2)), P1),
    ("x^3 - 2x", lambda x, y: x**3 - 2 * x, P1),
    ("sqrt(x) + log(x) + x^x", lambda x, y: torch.sqrt(x) + torch.log(x) + torch.pow(x, x), P1_POS),
    ("tan(x/2) + asin(x/5) + acos(x/6) + sinh(x) - cosh(x/2) + log2(x) + log10(x)",
     lambda x, y: torch.tan(x / 2) + torch.asin(x / 5) + torch.acos(x / 6) + torch.sinh(x) - torch.cosh(x / 2)
     + torch.log2(x) + torch.log10(x), P1_POS),
]

# Near overflow: sinh/cosh are finite up to |x| = 710.4758 and exp up to 709.7827 (libm and torch).
TORCH_NEAR_OVERFLOW: list[tuple[str, object, tuple]] = [
    ("sinh(x)", lambda x, y: torch.sinh(x), ((710.2,), (-710.3,), (710.47,))),
    ("cosh(x)", lambda x, y: torch.cosh(x), ((710.3,), (-710.47,))),
    ("exp(x)", lambda x, y: torch.exp(x), ((709.78,),)),
]

# Points where a function has a kink or a special value. Autograd has to pick a convention there;
# gdexplorer follows torch's, and these rows pin each one: abs'(0) = 0, sign' = 0, min/max split a
# tie evenly (1/2, 1/2), sqrt'(0) = inf, d/dy x^y at x = 0, y > 0 is 0.
TORCH_KINKS: list[tuple[str, object, tuple]] = [
    ("abs(x) + abs(y)", lambda x, y: torch.abs(x) + torch.abs(y), ((0.0, 0.0), (0.0, 1.0))),
    ("sign(x)*y", lambda x, y: torch.sign(x) * y, ((0.0, 2.0),)),
    ("min(x, y)", lambda x, y: torch.minimum(x, y), ((1.0, 1.0), (-2.0, -2.0))),
    ("max(x, y)", lambda x, y: torch.maximum(x, y), ((1.0, 1.0), (0.0, 0.0))),
    ("max(x^2, y)", lambda x, y: torch.maximum(x**2, y), ((2.0, 4.0),)),
    ("sqrt(x) + y", lambda x, y: torch.sqrt(x) + y, ((0.0, 1.0),)),
    ("x^y", lambda x, y: torch.pow(x, y), ((0.0, 2.0), (0.0, 3.5))),
]


def torch_value_grad_hessian(fn, point):
    """f, gradient (torch.autograd.grad) and Hessian (torch.autograd.functional.hessian), float64."""
    dim = len(point)

    def scalar(v):
        y = v[1] if dim == 2 else torch.tensor(0.0, dtype=torch.float64)
        return fn(v[0], y)

    v = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    f = scalar(v)
    (g,) = torch.autograd.grad(f, v)
    h = torch.autograd.functional.hessian(scalar, torch.tensor(point, dtype=torch.float64))
    return float(f.detach()), g.detach().numpy(), h.detach().numpy()


# ---------------------------------------------------------------------------------------------
# losses and optimizers in torch
# ---------------------------------------------------------------------------------------------
# name -> (expression text, torch loss of a 2-element float64 parameter, start point)
TORCH_LOSSES = {
    "rosenbrock": (ROSENBROCK, lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2, (-1.2, 1.0)),
    "beale": (BEALE,
              lambda p: (1.5 - p[0] + p[0] * p[1]) ** 2 + (2.25 - p[0] + p[0] * p[1] ** 2) ** 2
              + (2.625 - p[0] + p[0] * p[1] ** 3) ** 2,
              (1.0, 1.5)),
    "bowl": ("x^2 + 3*y^2 + 0.5*x*y - x", lambda p: p[0] ** 2 + 3 * p[1] ** 2 + 0.5 * p[0] * p[1] - p[0], (-2.0, 1.5)),
    "wavy": ("sin(3x)*cos(2y) + 0.1*(x^2 + y^2)",
             lambda p: torch.sin(3 * p[0]) * torch.cos(2 * p[1]) + 0.1 * (p[0] ** 2 + p[1] ** 2), (0.7, -0.4)),
}


def _torch_sgd(params, v):
    # Convention: gdexplorer accepts nesterov with momentum 0 and then takes plain gd steps
    # (Nesterov's look-ahead along a zero velocity); torch refuses nesterov=True without
    # momentum, so the reference for that setting is torch's SGD without nesterov.
    nesterov = bool(v["nesterov"]) and v["momentum"] != 0.0
    return torch.optim.SGD(params, lr=v["lr"], momentum=v["momentum"], dampening=v["dampening"],
                           weight_decay=v["weight_decay"], nesterov=nesterov, foreach=False)


def _torch_adagrad(params, v):
    return torch.optim.Adagrad(params, lr=v["lr"], lr_decay=v["lr_decay"], weight_decay=v["weight_decay"],
                               initial_accumulator_value=v["initial_accumulator_value"], eps=v["eps"], foreach=False)


def _torch_rmsprop(params, v):
    return torch.optim.RMSprop(params, lr=v["lr"], alpha=v["alpha"], eps=v["eps"], weight_decay=v["weight_decay"],
                               momentum=v["momentum"], centered=bool(v["centered"]), foreach=False)


def _torch_adadelta(params, v):
    return torch.optim.Adadelta(params, lr=v["lr"], rho=v["rho"], eps=v["eps"], weight_decay=v["weight_decay"],
                                foreach=False)


def _torch_adam(params, v):
    common = dict(lr=v["lr"], betas=(v["beta1"], v["beta2"]), eps=v["eps"], weight_decay=v["weight_decay"],
                  amsgrad=bool(v["amsgrad"]), foreach=False)
    if v["decoupled_weight_decay"]:
        return torch.optim.AdamW(params, **common)
    return torch.optim.Adam(params, **common)


def _torch_nadam(params, v):
    return torch.optim.NAdam(params, lr=v["lr"], betas=(v["beta1"], v["beta2"]), eps=v["eps"],
                             weight_decay=v["weight_decay"], momentum_decay=v["momentum_decay"],
                             decoupled_weight_decay=bool(v["decoupled_weight_decay"]), foreach=False)


def _torch_radam(params, v):
    return torch.optim.RAdam(params, lr=v["lr"], betas=(v["beta1"], v["beta2"]), eps=v["eps"],
                             weight_decay=v["weight_decay"],
                             decoupled_weight_decay=bool(v["decoupled_weight_decay"]), foreach=False)


# Optimizers torch.optim does not have, written here by hand in torch from their papers (as the
# papers write them, not as gdexplorer computes them): torch.optim.Optimizer subclasses with the
# state names gdexplorer uses, so the torch tests treat them like torch.optim's own.
def _hand_written_optimizer(name, step_one):
    """A torch.optim.Optimizer whose step applies ``step_one(p, grad, state, group)`` to each parameter."""
    if torch is None:  # pragma: no cover
        return None

    class HandWritten(torch.optim.Optimizer):
        @torch.no_grad()
        def step(self, closure=None):
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        step_one(p, p.grad, self.state[p], group)

    HandWritten.__name__ = HandWritten.__qualname__ = name
    return HandWritten


def _qhm_step(p, grad, state, group):
    """QHM (Ma & Yarats 2019, Algorithm 1): g_buf ← β·g_buf + (1−β)·∇ (from 0, no bias correction);
    θ ← θ − α·((1−ν)·∇ + ν·g_buf); weight decay as qhoptim's "grad" type: ∇ + λθ."""
    lr, beta, nu, wd = group["lr"], group["momentum"], group["nu"], group["weight_decay"]
    d = grad + wd * p if wd != 0 else grad
    if "momentum_buffer" not in state:
        state["momentum_buffer"] = torch.zeros_like(p)
    buf = state["momentum_buffer"]
    buf.copy_(beta * buf + (1 - beta) * d)
    p.sub_(lr * ((1 - nu) * d + nu * buf))


def _qhadam_step(p, grad, state, group):
    """QHAdam (Ma & Yarats 2019, Algorithm 2): m, v Adam's moments (from 0), bias-corrected
    m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); θ ← θ − α·((1−ν₁)∇ + ν₁m̂) / (√((1−ν₂)∇² + ν₂v̂) + ε);
    weight decay as qhoptim's default: ∇ + λθ."""
    lr, (b1, b2), (nu1, nu2) = group["lr"], group["betas"], group["nus"]
    eps, wd = group["eps"], group["weight_decay"]
    d = grad + wd * p if wd != 0 else grad
    if "step" not in state:
        state["step"] = 0.0
        state["exp_avg"] = torch.zeros_like(p)
        state["exp_avg_sq"] = torch.zeros_like(p)
    state["step"] += 1.0
    t = state["step"]
    m, v = state["exp_avg"], state["exp_avg_sq"]
    m.copy_(b1 * m + (1 - b1) * d)
    v.copy_(b2 * v + (1 - b2) * d * d)
    m_hat = m / (1 - b1**t)
    v_hat = v / (1 - b2**t)
    p.sub_(lr * ((1 - nu1) * d + nu1 * m_hat) / (torch.sqrt((1 - nu2) * d * d + nu2 * v_hat) + eps))


def _lion_step(p, grad, state, group):
    """Lion (Chen et al. 2023, the program of Figure 2): update = sign(interp(g, m, β₁)); m =
    interp(g, m, β₂); update += λθ; θ −= α·update, with interp(g, m, β) = β·m + (1−β)·g and
    torch.sign(0) = 0."""
    lr, (b1, b2), wd = group["lr"], group["betas"], group["weight_decay"]
    if "exp_avg" not in state:
        state["exp_avg"] = torch.zeros_like(p)
    m = state["exp_avg"]
    update = torch.sign(b1 * m + (1 - b1) * grad)
    m.copy_(b2 * m + (1 - b2) * grad)
    update = update + wd * p
    p.sub_(lr * update)


QHMReference = _hand_written_optimizer("QHMReference", _qhm_step)
QHAdamReference = _hand_written_optimizer("QHAdamReference", _qhadam_step)
LionReference = _hand_written_optimizer("LionReference", _lion_step)


def _torch_qhm(params, v):
    return QHMReference(params, dict(lr=v["lr"], momentum=v["momentum"], nu=v["nu"], weight_decay=v["weight_decay"]))


def _torch_qhadam(params, v):
    return QHAdamReference(params, dict(lr=v["lr"], betas=(v["beta1"], v["beta2"]), nus=(v["nu1"], v["nu2"]),
                                        eps=v["eps"], weight_decay=v["weight_decay"]))


def _torch_lion(params, v):
    return LionReference(params, dict(lr=v["lr"], betas=(v["beta1"], v["beta2"]), weight_decay=v["weight_decay"]))


# =============================================================================================
# THE TEST REFERENCE OF EVERY OPTIMIZER. A new optimizer adds its entries here (and nothing else
# in tests/): every test table of the core is derived from these three tables and the registry.
# =============================================================================================
@dataclass(frozen=True)
class TorchRule:
    """The torch.optim equivalent of an update rule (by the rule's name in the registry)."""

    build: Callable  # (params, values) -> torch optimizer; values: every rule parameter by name
    torch_class: str  # the torch.optim class whose defaults the registry's must equal ("": written here by hand)
    lr: dict  # learning rate per loss of TORCH_LOSSES: keeps every run finite and moving for 100 steps


TORCH_RULES: dict[str, TorchRule] = {
    "sgd": TorchRule(_torch_sgd, "SGD", {"rosenbrock": 1e-3, "beale": 2e-3, "bowl": 0.05, "wavy": 0.05}),
    "adagrad": TorchRule(_torch_adagrad, "Adagrad", {"rosenbrock": 0.1, "beale": 0.1, "bowl": 0.3, "wavy": 0.3}),
    "rmsprop": TorchRule(_torch_rmsprop, "RMSprop", {"rosenbrock": 0.01, "beale": 0.01, "bowl": 0.02, "wavy": 0.02}),
    "adadelta": TorchRule(_torch_adadelta, "Adadelta", {"rosenbrock": 1.0, "beale": 1.0, "bowl": 1.0, "wavy": 1.0}),
    "adam": TorchRule(_torch_adam, "Adam", {"rosenbrock": 0.02, "beale": 0.02, "bowl": 0.05, "wavy": 0.05}),
    "nadam": TorchRule(_torch_nadam, "NAdam", {"rosenbrock": 0.02, "beale": 0.02, "bowl": 0.05, "wavy": 0.05}),
    "radam": TorchRule(_torch_radam, "RAdam", {"rosenbrock": 1e-3, "beale": 2e-3, "bowl": 0.05, "wavy": 0.05}),
    # written here by hand (above): no torch.optim class whose defaults to compare
    "qhm": TorchRule(_torch_qhm, "", {"rosenbrock": 2e-3, "beale": 5e-3, "bowl": 0.1, "wavy": 0.1}),
    "qhadam": TorchRule(_torch_qhadam, "", {"rosenbrock": 0.02, "beale": 0.02, "bowl": 0.05, "wavy": 0.05}),
    "lion": TorchRule(_torch_lion, "", {"rosenbrock": 0.01, "beale": 0.01, "bowl": 0.02, "wavy": 0.02}),
}

#: update rules with no torch.optim equivalent: where their analytic tests are
ANALYTIC_RULES: dict[str, str] = {
    "newton": "test_optimizers.py: one step on a quadratic, lr 1/2, 1-D, numpy Newton on Rosenbrock, singular Hessians",
}


@dataclass(frozen=True)
class OptimizerReference:
    """Settings that really converge (optax style), each (lr, steps, hyperparameters, noise, tolerance
    on |θ − θ*|); noise None = the optimizer's default (a noisy run is judged on the mean of its last
    1000 points); and the non-default settings compared with torch, each on its own (every
    optimizer with a weight_decay also runs with weight_decay = 0.1)."""

    bowl: tuple  # on BOWL from (−2, 2)
    rosenbrock: tuple  # on ROSENBROCK from (−1.2, 1), the classic start
    variants: tuple = ()


OPTIMIZER_REFERENCES: dict[str, OptimizerReference] = {
    "gd": OptimizerReference((0.1, 200, {}, None, 1e-9), (1e-3, 20_000, {}, None, 1e-3)),
    "sgd": OptimizerReference((0.05, 3000, {}, None, 0.1),  # σ = 1
                              (1e-3, 20_000, {}, 0.01, 1e-3)),  # small noise
    "momentum": OptimizerReference((0.05, 500, {}, None, 1e-9), (1e-3, 3000, {}, None, 1e-4),
                                   variants=({"dampening": 0.3}, {"momentum": 0.5})),
    "nesterov": OptimizerReference((0.05, 300, {}, None, 1e-9), (1e-3, 3000, {}, None, 1e-4),
                                   variants=({"momentum": 0.5},)),
    "adagrad": OptimizerReference((0.5, 2000, {}, None, 1e-9), (0.5, 20_000, {}, None, 1e-5),
                                  variants=({"lr_decay": 0.01}, {"initial_accumulator_value": 0.1}, {"eps": 1e-3})),
    "rmsprop": OptimizerReference(
        (0.01, 2000, {}, None, 1e-9),
        (1e-4, 50_000, {}, None, 1e-3),  # a fixed lr makes RMSprop hover ~lr around the minimum
        variants=({"centered": 1}, {"momentum": 0.5}, {"centered": 1, "momentum": 0.9}, {"alpha": 0.8})),
    "adadelta": OptimizerReference(
        (1.0, 2000, {}, None, 1e-9),
        (0.1, 100_000, {"eps": 1e-8, "rho": 0.95}, None, 2e-2),  # slow: unit-free steps
        variants=({"rho": 0.5}, {"eps": 1e-3})),
    "adam": OptimizerReference((0.05, 2000, {}, None, 1e-9), (0.02, 5000, {}, None, 1e-6),
                               variants=({"beta1": 0.5, "beta2": 0.9}, {"amsgrad": 1}, {"eps": 1e-3})),
    "adamw": OptimizerReference(
        (0.05, 2000, {}, None, 1e-2),  # decoupled decay 0.01 pulls θ toward 0: stops ~2e-3 short
        (0.02, 5000, {"weight_decay": 0.0}, None, 1e-6),
        variants=({"weight_decay": 0.0}, {"amsgrad": 1}, {"beta1": 0.8})),
    "amsgrad": OptimizerReference((0.05, 2000, {}, None, 1e-9), (0.05, 5000, {}, None, 1e-5),
                                  variants=({"beta2": 0.9},)),
    "nadam": OptimizerReference((0.05, 2000, {}, None, 1e-9), (5e-4, 20_000, {}, None, 1e-4),
                                variants=({"momentum_decay": 0.01}, {"beta1": 0.8, "beta2": 0.99}, {"eps": 1e-3})),
    "newton": OptimizerReference((1.0, 1, {}, None, 1e-12), (1.0, 20, {}, None, 1e-12)),
    # qhoptim's recommended lr 1.0 (β = 0.999 averages ~1000 gradients: slow but steady)
    "qhm": OptimizerReference((1.0, 3000, {}, None, 1e-5), (2e-3, 20_000, {}, None, 1e-4),
                              variants=({"nu": 1.0}, {"momentum": 0.9}, {"nu": 0.3, "momentum": 0.5})),
    "qhadam": OptimizerReference(
        (0.05, 2000, {}, None, 1e-9),
        (1e-3, 50_000, {}, None, 1e-3),  # β₁ = 0.995 and a fixed lr: hovers ~lr around the minimum
        variants=({"nu1": 1.0, "nu2": 1.0}, {"nu2": 0.5}, {"beta1": 0.9, "nu1": 0.5}, {"eps": 1e-3})),
    "radam": OptimizerReference((0.05, 2000, {}, None, 1e-9), (1e-3, 20_000, {}, None, 1e-8),
                                variants=({"beta2": 0.99}, {"beta1": 0.5}, {"eps": 1e-3},
                                          {"weight_decay": 0.1, "decoupled_weight_decay": 1})),
    # sign steps of exactly lr per coordinate: ends within one step of the minimum, no closer
    "lion": OptimizerReference((1e-3, 5000, {}, None, 2e-3), (1e-3, 20_000, {}, None, 2e-3),
                               variants=({"beta1": 0.5, "beta2": 0.9}, {"beta1": 0.0}, {"weight_decay": 1.0})),
}


def missing_references(optimizers) -> list[str]:
    """What the registry's optimizers lack here, one sentence each (empty when all is in place)."""
    out = []
    for name, spec in optimizers.items():
        rule = spec.rule.name
        if name not in OPTIMIZER_REFERENCES:
            out.append(f"optimizer '{name}' has no test reference: add it to OPTIMIZER_REFERENCES in "
                       "tests/core/references.py (convergence settings on the bowl and on Rosenbrock)")
        if rule not in TORCH_RULES and rule not in ANALYTIC_RULES:
            out.append(f"optimizer '{name}' uses the update rule '{rule}', which has no test reference: add "
                       "its torch.optim equivalent to TORCH_RULES in tests/core/references.py, or name its "
                       "analytic tests in ANALYTIC_RULES")
    return out


def torch_optimizer(rule_name: str, params, values: dict):
    """Build the torch.optim optimizer for one update rule from the rule's full parameter vector
    ``values`` (hyperparameters plus the registry's fixed flags), single-tensor path
    (``foreach=False``). Raises KeyError for a rule with no torch reference."""
    return TORCH_RULES[rule_name].build(params, values)


def torch_trajectory(loss, start, rule_name: str, values: dict, steps: int, noise=None):
    """Run torch.optim from ``start`` for ``steps`` steps on ``loss`` (a function of the parameter
    tensor). Returns (points (steps + 1, dim) with row 0 the start, the optimizer's final state
    dict for the parameter). ``noise`` (steps, dim), if given, is added to each gradient."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(rule_name, [p], values)
    rows = [p.detach().clone().numpy()]
    for k in range(steps):
        opt.zero_grad()
        loss(p).backward()
        if noise is not None:
            with torch.no_grad():
                p.grad += torch.as_tensor(noise[k], dtype=torch.float64)
        opt.step()
        rows.append(p.detach().clone().numpy())
    return np.array(rows), opt.state[p]
