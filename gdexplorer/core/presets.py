"""The function presets: one registry the GUI menu, the CLI and the docs all read.

Each preset is a function in the expression language with the view that shows it well (x/y range),
a start point that makes an instructive run, and one or two sentences on what to watch for.
"""
from __future__ import annotations

from dataclasses import dataclass

from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.messages import message


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    expression: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]  # y is ignored for 1-D functions
    description: str
    #: the known minima (x, y) inside the view, the finish lines of a race (y is 0 for 1-D);
    #: the value there is computed from the expression, never written down twice
    minima: tuple[tuple[float, float], ...] = ()

    @property
    def learning_rates(self) -> dict[str, float]:
        """A learning rate for every optimizer that works from this start: each optimizer's
        definition declares its rate per preset (``OptimizerSpec.preset_rates``; a missing one
        fails tests/core/test_preset_learning_rates.py)."""
        return {name: spec.preset_rates[self.name] for name, spec in OPTIMIZERS.items() if self.name in spec.preset_rates}

    @property
    def suggested_lr(self) -> float | None:
        """The rate for plain gradient descent (the one the description talks about)."""
        return self.learning_rates.get("gd")

    def learning_rate_for(self, optimizer: str) -> float | None:
        """The preset's step size for ``optimizer``; None for a name it does not know."""
        return self.learning_rates.get(optimizer)


PRESETS: dict[str, Preset] = {}


def register(preset: Preset) -> Preset:
    if preset.name in PRESETS:
        raise ValueError(f"preset '{preset.name}' is already registered")
    PRESETS[preset.name] = preset
    return preset


def find_preset(text: str) -> Preset | None:
    """The preset named ``text``, or whose expression is ``text``; None when there is none."""
    text = text.strip()
    return PRESETS.get(text.lower()) or next((p for p in PRESETS.values() if p.expression == text), None)


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name.lower()]
    except KeyError:
        raise KeyError(message("unknown preset '{name}' (choose from: {known})", name=name, known=", ".join(PRESETS))) from None


register(Preset(
    "bowl", "Bowl  x² + y²", "x^2 + y^2", (-3, 3), (-3, 3), (2.5, -2.0),
    "The seeds' convex bowl: one minimum at the origin and the gradient 2θ points straight away from it. "
    "Gradient descent with α < 1 converges; α = 1 bounces forever between ±θ; α > 1 diverges.",
    minima=((0.0, 0.0),),
))
register(Preset(
    "ill_bowl", "Ill-conditioned bowl  0.1x² + 2y²", "0.1*x^2 + 2*y^2", (-5, 5), (-3, 3), (-4.5, 2.0),
    "Curvatures 0.2 and 4 differ by a factor 20: a learning rate small enough for y crawls along x, and a "
    "larger one zig-zags across the valley. Momentum and Adam fix this.",
    minima=((0.0, 0.0),),
))
register(Preset(
    "rosenbrock", "Rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2", (-2, 2), (-1, 3), (-1.5, 2.0),
    "A curved, flat-bottomed banana valley with its minimum at (1, 1). Finding the valley is easy; "
    "following it to the minimum is slow for plain gradient descent.",
    minima=((1.0, 1.0),),
))
register(Preset(
    "himmelblau", "Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (-5, 5), (-5, 5), (0.0, 0.0),
    "Four minima of equal height 0, at (3, 2), (-2.805, 3.131), (-3.779, -3.283) and (3.584, -1.848): "
    "which one a run reaches depends on where it starts.",
    minima=((3.0, 2.0), (-2.805118, 3.131313), (-3.779310, -3.283186), (3.584428, -1.848127)),
))
register(Preset(
    "beale", "Beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    (-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5),
    "Minimum 0 at (3, 0.5) in a narrow valley, with very steep walls in the corners: a large step there "
    "diverges.",
    minima=((3.0, 0.5),),
))
register(Preset(
    "booth", "Booth", "(x + 2*y - 7)^2 + (2*x + y - 5)^2", (-10, 10), (-10, 10), (-8.0, 8.0),
    "A tilted quadratic bowl with its minimum 0 at (1, 3).",
    minima=((1.0, 3.0),),
))
register(Preset(
    "saddle", "Saddle  x² − y²", "x^2 - y^2", (-2, 2), (-2, 2), (1.5, 0.001),
    "A saddle point at the origin (the gradient is zero there but it is no minimum). Starting almost on "
    "the x axis, a run slides to the saddle, lingers, then escapes along y.",
))
register(Preset(
    "monkey_saddle", "Monkey saddle  x³ − 3xy²", "x^3 - 3*x*y^2", (-1.5, 1.5), (-1.5, 1.5), (0.8, 0.3),
    "A degenerate saddle with three valleys (room for a monkey's tail): the Hessian is zero at the origin.",
))
register(Preset(
    "rastrigin", "Rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)", (-5.12, 5.12), (-5.12, 5.12),
    (3.2, 2.3),
    "A bowl covered in a grid of local minima; only the one at the origin is global. Plain gradient "
    "descent stops in the nearest dimple.",
    minima=((0.0, 0.0),),
))
register(Preset(
    "ackley", "Ackley",
    "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    (-5, 5), (-5, 5), (3.5, -2.5),
    "A nearly flat outer region full of small bumps around a deep, narrow funnel at the origin.",
    minima=((0.0, 0.0),),
))
register(Preset(
    "six_hump_camel", "Six-hump camel", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
    (-2, 2), (-1, 1), (-1.5, 0.8),
    "Six local minima; the two global ones are at (0.0898, -0.7126) and (-0.0898, 0.7126), f = -1.0316.",
    minima=((0.089842, -0.712656), (-0.089842, 0.712656)),
))
register(Preset(
    "seed004", "1-D  x·cos(πx)  (seed 004)", "x*cos(pi*x)", (-2, 2), (0, 0), (-1.0, 0.0),
    "The loss of seed 004: a local minimum near x = -0.274 (f = -0.179) and a deeper one near x = 1.090 "
    "(f = -1.047); f keeps falling towards the edges of [-2, 2]. "
    "Careful: the seed's hand-written derivative cos(πx) − x·sin(πx) drops a factor π (the exact "
    "derivative is cos(πx) − πx·sin(πx)), so the seed's pictures really descend the next preset.",
    minima=((-0.2738527, 0.0), (1.0904082, 0.0)),
))
register(Preset(
    "seed004_exact", "1-D  what seed 004 really descends",
    "(x*cos(pi*x) + (1 - 1/pi)*sin(pi*x))/pi", (-2, 2), (0, 0), (-1.0, 0.0),
    "The function whose exact derivative is the seed's formula cos(πx) − x·sin(πx): running gradient "
    "descent here reproduces the seed's update x ← x − η(cos(πx) − x·sin(πx)) step for step "
    "(start 0.5, η = 0.1, or start -1 with η = 1.000542 as in the seed).",
    minima=((-0.3834486, 0.0), (1.2187220, 0.0)),
))

DEFAULT_PRESET = "rosenbrock"

