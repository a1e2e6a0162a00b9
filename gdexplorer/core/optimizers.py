"""The optimizer registry: the single source of truth for every optimizer.

Each entry names its update rule (a kernel in :mod:`gdexplorer.core.kernels`), declares its
hyperparameters (name, default, valid range, one-line meaning) and its update formula as text. The
CLI, the GUI form, the README table and the tests all read this table; adding an entry here adds the
optimizer everywhere.

Semantics, names and defaults follow ``torch.optim`` (momentum and nesterov are torch's SGD with
momentum 0.9; amsgrad is Adam with ``amsgrad=True``; ``betas`` are split into ``beta1``/``beta2``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from gdexplorer.core import kernels as K


@dataclass(frozen=True)
class Hyperparameter:
    name: str
    default: float
    low: float  # valid range, inclusive unless the flags say otherwise
    high: float
    description: str
    kind: str = "float"  # 'float' | 'bool'
    low_open: bool = False  # low itself is not allowed (lr > 0)
    high_open: bool = False  # high itself is not allowed (beta < 1)
    log_scale: bool = False  # GUI hint: a slider on a log scale
    slider: tuple[float, float] | None = None  # GUI hint: the span a slider shows (valid values may exceed it)

    def check(self, value: float) -> float:
        """Return value as a float, or raise ValueError saying what is wrong."""
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, got {value!r}") from None
        if self.kind == "bool":
            if v not in (0.0, 1.0):
                raise ValueError(f"{self.name} is a switch: 0 or 1 (true/false), got {value!r}")
            return v
        if not math.isfinite(v):
            raise ValueError(f"{self.name} must be a finite number, got {value!r}")
        too_low = v < self.low or (self.low_open and v == self.low)
        too_high = v > self.high or (self.high_open and v == self.high)
        if too_low or too_high:
            raise ValueError(f"{self.name} must be in {self.range_text()}, got {value!r}")
        return v

    def range_text(self) -> str:
        if self.kind == "bool":
            return "{0, 1}"
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open or self.high == math.inf else "]"
        return f"{lo}{_fmt(self.low)}, {_fmt(self.high)}{hi}"


def _fmt(v: float) -> str:
    return "inf" if v == math.inf else f"{v:g}"


# Layout of the hyperparameter vector each update rule reads (see kernels.update).
RULE_LAYOUT: dict[int, tuple[str, ...]] = {
    K.RULE_SGD: ("lr", "momentum", "dampening", "weight_decay", "nesterov"),
    K.RULE_ADAGRAD: ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
    K.RULE_RMSPROP: ("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
    K.RULE_ADADELTA: ("lr", "rho", "eps", "weight_decay"),
    K.RULE_ADAM: ("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "decoupled_weight_decay"),
    K.RULE_NADAM: ("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"),
    K.RULE_NEWTON: ("lr",),
}

# Names of the optimizer state vectors each rule keeps (for the inspector).
RULE_STATE: dict[int, tuple[str, ...]] = {
    K.RULE_SGD: ("momentum_buffer",),
    K.RULE_ADAGRAD: ("sum",),
    K.RULE_RMSPROP: ("square_avg", "momentum_buffer", "grad_avg"),
    K.RULE_ADADELTA: ("square_avg", "acc_delta"),
    K.RULE_ADAM: ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"),
    K.RULE_NADAM: ("exp_avg", "exp_avg_sq"),
    K.RULE_NEWTON: (),
}


def _lr(default: float, high: float = math.inf) -> Hyperparameter:
    return Hyperparameter("lr", default, 0.0, high, "learning rate: the step size α", low_open=True, log_scale=True,
                          slider=(1e-5, 10.0))


_WD = Hyperparameter("weight_decay", 0.0, 0.0, math.inf, "L2 penalty λ added to the gradient: g + λθ")
_EPS_ADAM = Hyperparameter("eps", 1e-8, 0.0, 1.0, "ε added to the denominator for numerical stability", log_scale=True)
_BETA1 = Hyperparameter("beta1", 0.9, 0.0, 1.0, "decay rate β₁ of the first moment (mean of g)", high_open=True)
_BETA2 = Hyperparameter("beta2", 0.999, 0.0, 1.0, "decay rate β₂ of the second moment (mean of g²)", high_open=True)
_MOMENTUM = Hyperparameter("momentum", 0.9, 0.0, 1.0, "momentum factor μ: how much velocity is kept", high_open=True)
_AMSGRAD = Hyperparameter("amsgrad", 0.0, 0.0, 1.0, "1: divide by the largest second moment seen (AMSGrad)", kind="bool")
_DAMPENING = Hyperparameter("dampening", 0.0, 0.0, 1.0, "dampening τ of the gradient added to the velocity")


@dataclass(frozen=True)
class OptimizerSpec:
    name: str
    label: str
    rule: int
    summary: str
    formula: str  # the update, one step, as plain text
    hyperparameters: tuple[Hyperparameter, ...]
    fixed: Mapping[str, float] = field(default_factory=dict)  # rule parameters not exposed
    default_noise: float = 0.0  # σ of the Gaussian noise added to the gradient (sgd)
    torch: str = ""  # the equivalent torch.optim call, for the docs and the tests

    @property
    def default_lr(self) -> float:
        return self.hyperparameter("lr").default

    @property
    def state_names(self) -> tuple[str, ...]:
        return RULE_STATE[self.rule]

    def hyperparameter(self, name: str) -> Hyperparameter:
        for hp in self.hyperparameters:
            if hp.name == name:
                return hp
        known = ", ".join(hp.name for hp in self.hyperparameters)
        raise KeyError(f"{self.name} has no hyperparameter '{name}' (it has: {known})")

    def defaults(self) -> dict[str, float]:
        return {hp.name: hp.default for hp in self.hyperparameters}

    def resolve(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Defaults with ``overrides`` applied and checked; raises KeyError/ValueError."""
        values = self.defaults()
        for key, value in (overrides or {}).items():
            values[key] = self.hyperparameter(key).check(value)
        return values

    def pack(self, overrides: Mapping[str, float] | None = None) -> np.ndarray:
        """The float64 vector the kernel's update rule reads, in RULE_LAYOUT order."""
        values = {**self.fixed, **self.resolve(overrides)}
        return np.array([float(values.get(k, 0.0)) for k in RULE_LAYOUT[self.rule]], dtype=np.float64)


def _sgd_like(name, label, summary, formula, extra=(), fixed=None, noise=0.0, torch=""):
    return OptimizerSpec(
        name, label, K.RULE_SGD, summary, formula,
        (_lr(0.01),) + tuple(extra) + (_WD,),
        fixed=fixed or {}, default_noise=noise, torch=torch,
    )


OPTIMIZERS: dict[str, OptimizerSpec] = {}


def register(spec: OptimizerSpec) -> OptimizerSpec:
    for key in spec.hyperparameters:
        if key.name not in RULE_LAYOUT[spec.rule]:
            raise ValueError(f"{spec.name}: rule has no parameter {key.name}")
    OPTIMIZERS[spec.name] = spec
    return spec


register(_sgd_like(
    "gd", "Gradient descent", "plain gradient descent: step against the gradient",
    "θ ← θ − α·g", torch="SGD(lr)",
))
register(_sgd_like(
    "sgd", "Stochastic GD", "gradient descent on a noisy gradient g + σ·ξ, ξ ~ N(0, I) (a stand-in for mini-batch noise)",
    "θ ← θ − α·(g + σξ)", noise=1.0, torch="SGD(lr) on g + σξ",
))
register(_sgd_like(
    "momentum", "Momentum", "heavy-ball momentum: a velocity accumulates past gradients",
    "v ← μ·v + (1−τ)·g;  θ ← θ − α·v", extra=(_MOMENTUM, _DAMPENING), torch="SGD(lr, momentum=0.9)",
))
register(_sgd_like(
    "nesterov", "Nesterov", "Nesterov momentum: the step looks ahead along the velocity",
    "v ← μ·v + g;  θ ← θ − α·(g + μ·v)", extra=(_MOMENTUM,), fixed={"nesterov": 1.0},
    torch="SGD(lr, momentum=0.9, nesterov=True)",
))
register(OptimizerSpec(
    "adagrad", "AdaGrad", K.RULE_ADAGRAD, "per-coordinate steps shrink with the sum of squared gradients",
    "s ← s + g²;  θ ← θ − α/(1+(t−1)·η)·g/(√s + ε)",
    (_lr(0.01),
     Hyperparameter("lr_decay", 0.0, 0.0, math.inf, "η: learning-rate decay, α/(1+(t−1)η)"),
     _WD,
     Hyperparameter("initial_accumulator_value", 0.0, 0.0, math.inf, "starting value of the sum s"),
     Hyperparameter("eps", 1e-10, 0.0, 1.0, "ε added to the denominator", log_scale=True)),
    torch="Adagrad(lr)",
))
register(OptimizerSpec(
    "rmsprop", "RMSProp", K.RULE_RMSPROP, "divide by a running RMS of recent gradients",
    "s ← a·s + (1−a)·g²;  θ ← θ − α·g/(√s + ε)",
    (_lr(0.01),
     Hyperparameter("alpha", 0.99, 0.0, 1.0, "smoothing constant a of the running mean of g²", high_open=True),
     _EPS_ADAM, _WD,
     Hyperparameter("momentum", 0.0, 0.0, 1.0, "momentum μ on the scaled step", high_open=True),
     Hyperparameter("centered", 0.0, 0.0, 1.0, "1: divide by an estimate of the variance (s − ḡ²)", kind="bool")),
    torch="RMSprop(lr)",
))
register(OptimizerSpec(
    "adadelta", "AdaDelta", K.RULE_ADADELTA, "RMSProp with units fixed by a running mean of past steps",
    "s ← ρs + (1−ρ)g²;  Δ ← √(u+ε)/√(s+ε)·g;  u ← ρu + (1−ρ)Δ²;  θ ← θ − α·Δ",
    (_lr(1.0),
     Hyperparameter("rho", 0.9, 0.0, 1.0, "decay ρ of the running means", high_open=True),
     Hyperparameter("eps", 1e-6, 0.0, 1.0, "ε inside the square roots", log_scale=True),
     _WD),
    torch="Adadelta(lr)",
))
_ADAM_FORMULA = "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)"
register(OptimizerSpec(
    "adam", "Adam", K.RULE_ADAM, "momentum on g and RMSProp scaling, both bias-corrected",
    _ADAM_FORMULA, (_lr(1e-3), _BETA1, _BETA2, _EPS_ADAM, _WD, _AMSGRAD), torch="Adam(lr)",
))
register(OptimizerSpec(
    "adamw", "AdamW", K.RULE_ADAM, "Adam with decoupled weight decay: θ shrinks by αλ before the step",
    "θ ← θ(1 − αλ);  then the Adam step",
    (_lr(1e-3), _BETA1, _BETA2, _EPS_ADAM,
     Hyperparameter("weight_decay", 1e-2, 0.0, math.inf, "decoupled decay λ: θ ← θ(1 − αλ)"), _AMSGRAD),
    fixed={"decoupled_weight_decay": 1.0}, torch="AdamW(lr)",
))
register(OptimizerSpec(
    "amsgrad", "AMSGrad", K.RULE_ADAM, "Adam that divides by the largest v seen so far",
    "v̂ ← max(v̂, v);  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v̂/(1−β₂ᵗ)) + ε)",
    (_lr(1e-3), _BETA1, _BETA2, _EPS_ADAM, _WD), fixed={"amsgrad": 1.0}, torch="Adam(lr, amsgrad=True)",
))
register(OptimizerSpec(
    "nadam", "NAdam", K.RULE_NADAM, "Adam with Nesterov momentum (and momentum warm-up)",
    "m, v as in Adam;  μₜ = β₁(1 − ½·0.96^(tψ));  d = √(v/(1−β₂ᵗ)) + ε;  "
    "θ ← θ − α(1−μₜ)/(1−Πᵢ≤ₜμᵢ)·g/d − αμₜ₊₁/(1−Πᵢ≤ₜ₊₁μᵢ)·m/d",
    (_lr(2e-3), _BETA1, _BETA2, _EPS_ADAM, _WD,
     Hyperparameter("momentum_decay", 4e-3, 0.0, math.inf, "ψ: momentum warm-up rate")),
    torch="NAdam(lr)",
))
register(OptimizerSpec(
    "newton", "Newton", K.RULE_NEWTON, "step to the minimum of the local quadratic model (uses the exact Hessian H)",
    "θ ← θ − α·H⁻¹g", (_lr(1.0),), torch="(no torch.optim equivalent)",
))


def get_optimizer(name: str) -> OptimizerSpec:
    try:
        return OPTIMIZERS[name.lower()]
    except KeyError:
        raise KeyError(f"unknown optimizer '{name}' (choose from: {', '.join(OPTIMIZERS)})") from None
