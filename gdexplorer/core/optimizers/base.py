"""What an optimizer is: its hyperparameters, its state vectors, its update rule, and the registry.

An :class:`UpdateRule` is the code: the update written once as a Numba function over plain arrays
(optax's (init, update) pair), the parameters it reads and the state it keeps, each by name. An
:class:`OptimizerSpec` is a registry entry: a rule with some of its parameters exposed as
hyperparameters (name, default, range, meaning) and the others fixed (nesterov is torch's SGD with
``nesterov`` fixed at 1). Several entries may share one rule (gd, sgd, momentum, nesterov).

The update reads the parameter vector and the state through constants derived from the names,
e.g. ``LR = ADAM.hyper_index("lr")`` at module level, then ``hyper[LR]`` and ``state[EXP_AVG, i]``
inside the jitted function (Numba freezes module-level ints as constants). Everything else (the
kernel dispatch, the packing, the CLI, the form, the docs table, the tests) is derived from the
registry: see :mod:`gdexplorer.core.engine`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from gdexplorer.core.jit import jit
from gdexplorer.core.messages import message


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
            raise ValueError(message("{name} must be a number, got {value!r}", name=self.name, value=value)) from None
        if self.kind == "bool":
            if v not in (0.0, 1.0):
                raise ValueError(message("{name} is a switch: 0 or 1 (true/false), got {value!r}", name=self.name,
                                         value=value))
            return v
        if not math.isfinite(v):
            raise ValueError(message("{name} must be a finite number, got {value!r}", name=self.name, value=value))
        too_low = v < self.low or (self.low_open and v == self.low)
        too_high = v > self.high or (self.high_open and v == self.high)
        if too_low or too_high:
            raise ValueError(message("{name} must be in {range}, got {value!r}", name=self.name, range=self.range_text(),
                                     value=value))
        return v

    def range_text(self) -> str:
        if self.kind == "bool":
            return "{0, 1}"
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open or self.high == math.inf else "]"
        return f"{lo}{_fmt(self.low)}, {_fmt(self.high)}{hi}"


def _fmt(v: float) -> str:
    return "inf" if v == math.inf else f"{v:g}"


@dataclass(frozen=True)
class StateVector:
    """One vector of optimizer state, one entry per coordinate, named as torch.optim names it.

    ``used_when`` names the parameter that switches the vector on when it is not 0 (rmsprop's
    ``grad_avg`` only when ``centered``; "" = always used); an unused vector stays at its initial
    value and torch does not create it. ``init`` is its initial value: a number, or the name of
    the parameter that gives it (adagrad's ``initial_accumulator_value``).

    ``role`` says what the vector is, so views can draw it without knowing the optimizer:
    ``"momentum"`` a velocity or first moment (drawn as an arrow at the run's point),
    ``"second_moment"`` a running mean or sum of g² that the step is divided by the root of (drawn
    as a per-axis box: how much each axis is scaled down), ``""`` neither (no glyph)."""

    name: str
    meaning: str
    used_when: str = ""
    init: float | str = 0.0
    role: str = ""

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"state vector {self.name}: role must be one of {ROLES}, got {self.role!r}")


ROLES = ("", "momentum", "second_moment")


@dataclass(frozen=True)
class Scalar:
    """One number of optimizer state shared by all coordinates (NAdam's running product of μₜ)."""

    name: str
    meaning: str
    init: float = 0.0


# The signature of every update: one step in place on theta (and state, scal); returns a status code
# (kernels.OK, or kernels.SINGULAR when newton cannot invert its Hessian).
UPDATE_ARGUMENTS = "hyper, dim, theta, g, state, scal, t, hess"


class UpdateRule:
    """An update rule: the parameter vector it reads and the state it keeps, by name, and its update.

    ``parameters`` is the layout of the float64 vector the update reads (hyperparameters and fixed
    switches; one an entry neither exposes nor fixes is 0, i.e. off). ``order`` places the rule's
    entries in the menus, the docs table and "compare all" (gd first). ``needs_hessian``: the run
    loop passes (h_xx, h_xy, h_yy) at θ to the update (newton); otherwise ``hess`` is zeros.
    Decorate the update with :meth:`define` (it jits it with the project's flags)::

        @ADAM.define
        def adam_update(hyper, dim, theta, g, state, scal, t, hess): ...
    """

    def __init__(self, name: str, parameters: tuple[str, ...], state: tuple[StateVector, ...] = (),
                 scalars: tuple[Scalar, ...] = (), needs_hessian: bool = False, order: int = 1000):
        self.name = name
        self.parameters = tuple(parameters)
        self.state = tuple(state)
        self.scalars = tuple(scalars)
        self.needs_hessian = needs_hessian
        self.order = order
        self.update = None  # the jitted update, set by define()
        for names, what in ((self.parameters, "parameter"), ([s.name for s in self.state], "state vector"),
                            ([s.name for s in self.scalars], "scalar")):
            if len(set(names)) != len(names):
                raise ValueError(f"rule {name}: a {what} name is repeated: {names}")
        for vec in self.state:
            for ref in (vec.used_when, vec.init if isinstance(vec.init, str) else ""):
                if ref and ref not in self.parameters:
                    raise ValueError(f"rule {name}: state {vec.name} refers to {ref!r}, not one of its parameters")

    def __repr__(self) -> str:
        return f"UpdateRule({self.name!r})"

    def hyper_index(self, name: str) -> int:
        """Position of parameter ``name`` in the vector the update reads."""
        return _index(self.parameters, name, self.name, "parameter")

    def state_index(self, name: str) -> int:
        return _index(tuple(s.name for s in self.state), name, self.name, "state vector")

    def scalar_index(self, name: str) -> int:
        return _index(tuple(s.name for s in self.scalars), name, self.name, "scalar")

    def define(self, update: Callable) -> Callable:
        """Jit ``update`` as this rule's update and add the rule to the registry."""
        if self.update is not None:
            raise ValueError(f"rule {self.name} already has an update")
        self.update = jit(update)
        _add_rule(self)
        return self.update

    @property
    def id(self) -> int:
        """The number the generated kernels dispatch on (the rule's place in :data:`RULES`)."""
        return RULES.index(self)


def _index(names: tuple[str, ...], name: str, rule: str, what: str) -> int:
    try:
        return names.index(name)
    except ValueError:
        raise KeyError(f"rule {rule} has no {what} {name!r} (it has: {', '.join(names)})") from None


@dataclass(frozen=True)
class OptimizerSpec:
    name: str
    label: str
    rule: UpdateRule
    summary: str
    formula: str  # the update, one step, as plain text
    hyperparameters: tuple[Hyperparameter, ...]
    fixed: Mapping[str, float] = field(default_factory=dict)  # rule parameters not exposed
    default_noise: float = 0.0  # σ of the Gaussian noise added to the gradient (sgd)
    torch: str = ""  # the equivalent torch.optim call, for the docs and the tests
    #: a learning rate that works on each function preset (gdexplorer.core.presets), by preset name.
    #: Torch's defaults do not (momentum at 0.01 diverges on Rosenbrock at once, adam at 0.001 crawls
    #: on Booth). Found by a sweep over 1/2/5·10^k: one step below the largest rate up to which every
    #: run lowers f and neither diverges nor leaves the view (on the saddles: stays 50 steps before
    #: escaping); adaptive rates at most about 1/50 of the view's width, their first steps' length; gd
    #: and sgd keep the hand-picked rate where it passes; newton takes its full step, 1.
    #: tests/core/test_preset_learning_rates.py checks every pair.
    preset_rates: Mapping[str, float] = field(default_factory=dict, hash=False)

    @property
    def default_lr(self) -> float:
        return self.hyperparameter("lr").default

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.rule.state)

    def hyperparameter(self, name: str) -> Hyperparameter:
        for hp in self.hyperparameters:
            if hp.name == name:
                return hp
        known = ", ".join(hp.name for hp in self.hyperparameters)
        raise KeyError(message("{optimizer} has no hyperparameter '{name}' (it has: {known})", optimizer=self.name,
                               name=name, known=known))

    def defaults(self) -> dict[str, float]:
        return {hp.name: hp.default for hp in self.hyperparameters}

    def resolve(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Defaults with ``overrides`` applied and checked; raises KeyError/ValueError."""
        values = self.defaults()
        for key, value in (overrides or {}).items():
            values[key] = self.hyperparameter(key).check(value)
        return values

    def rule_values(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Every parameter of the rule by name: the resolved hyperparameters, the fixed switches,
        0 for the rest."""
        values = {**self.fixed, **self.resolve(overrides)}
        return {k: float(values.get(k, 0.0)) for k in self.rule.parameters}

    def pack(self, overrides: Mapping[str, float] | None = None) -> np.ndarray:
        """The float64 vector the rule's update reads, in the rule's parameter order."""
        return np.array(list(self.rule_values(overrides).values()), dtype=np.float64)

    def used_state(self, hyperparameters: Mapping[str, float] | None = None) -> tuple[str, ...]:
        """The state vectors really used with these settings (gd: none; rmsprop: grad_avg only when
        centered; adam: max_exp_avg_sq only with amsgrad), by torch's names."""
        values = self.rule_values(hyperparameters)
        return tuple(s.name for s in self.rule.state if not s.used_when or values[s.used_when] != 0.0)


# ---------------------------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------------------------
RULES: list[UpdateRule] = []  # sorted by order; a rule's id is its index
OPTIMIZERS: dict[str, OptimizerSpec] = {}  # sorted by the order of their rules, then registration
_entries: list[OptimizerSpec] = []


def _add_rule(rule: UpdateRule) -> None:
    if any(r.name == rule.name for r in RULES):
        raise ValueError(f"an update rule named {rule.name!r} is already registered")
    RULES.append(rule)
    RULES.sort(key=lambda r: r.order)  # stable: equal orders keep registration order


def register(spec: OptimizerSpec) -> OptimizerSpec:
    rule = spec.rule
    if rule.update is None:
        raise ValueError(f"{spec.name}: rule {rule.name} has no update (decorate it with @{rule.name.upper()}.define)")
    for name in [hp.name for hp in spec.hyperparameters] + list(spec.fixed):
        if name not in rule.parameters:
            raise ValueError(f"{spec.name}: rule {rule.name} has no parameter {name}")
    if "lr" not in {hp.name for hp in spec.hyperparameters}:
        raise ValueError(f"{spec.name}: every optimizer exposes lr")
    if spec.name in OPTIMIZERS:
        raise ValueError(f"an optimizer named {spec.name!r} is already registered")
    _entries.append(spec)
    ordered = sorted(_entries, key=lambda s: s.rule.order)
    OPTIMIZERS.clear()
    OPTIMIZERS.update((s.name, s) for s in ordered)
    return spec


def get_optimizer(name: str) -> OptimizerSpec:
    try:
        return OPTIMIZERS[name.lower()]
    except KeyError:
        raise KeyError(message("unknown optimizer '{name}' (choose from: {known})", name=name,
                               known=", ".join(OPTIMIZERS))) from None


# ---------------------------------------------------------------------------------------------
# hyperparameters several rules share, and a helper their updates share
# ---------------------------------------------------------------------------------------------
def learning_rate(default: float, high: float = math.inf) -> Hyperparameter:
    return Hyperparameter("lr", default, 0.0, high, "learning rate: the step size α", low_open=True, log_scale=True,
                          slider=(1e-5, 10.0))


WEIGHT_DECAY = Hyperparameter("weight_decay", 0.0, 0.0, math.inf, "L2 penalty λ added to the gradient: g + λθ")
EPS = Hyperparameter("eps", 1e-8, 0.0, 1.0, "ε added to the denominator for numerical stability", log_scale=True)
BETA1 = Hyperparameter("beta1", 0.9, 0.0, 1.0, "decay rate β₁ of the first moment (mean of g)", high_open=True)
BETA2 = Hyperparameter("beta2", 0.999, 0.0, 1.0, "decay rate β₂ of the second moment (mean of g²)", high_open=True)
MOMENTUM = Hyperparameter("momentum", 0.9, 0.0, 1.0, "momentum factor μ: how much velocity is kept", high_open=True)


@jit
def lerp(a, b, w):
    # torch.lerp: the formula depends on the weight, for accuracy
    if abs(w) < 0.5:
        return a + w * (b - a)
    return b - (b - a) * (1.0 - w)
