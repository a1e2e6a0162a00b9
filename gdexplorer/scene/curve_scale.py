"""The y scales of the loss curves: linear, log or symmetric log, as pure numpy.

The curves show real values: a diverging run's f reaches 1e307 and a gradient up to ~1e308, so
nothing is clipped to the landscape's range. The view plots *transformed* values on a linear axis
(``CurveScale.forward``) and labels the ticks with real values (``CurveScale.ticks``): pyqtgraph's
own log mode takes log10 itself and overflows near 1e308 while ranging and ticking.

- linear: v / unit, with unit a power of ten that keeps the drawn coordinates near 1 (Qt and
  pyqtgraph handle a range of 1e308 badly);
- log: log10(v), when every value is > 0;
- symlog: sign(v)·log10(1 + |v|/c), when a log axis is wanted but some value is ≤ 0. It is log-like
  for |v| >> c and linear within ±c; c is the power of ten at or below the 5th percentile of the
  non-zero |v|: the decades drawn hold data, and a lone value near 0 (a curve crossing zero) does
  not open eight empty decades around it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from gdexplorer.core.messages import message

LINEAR, LOG, SYMLOG = "linear", "log", "symlog"
LN10 = math.log(10.0)
_SMALLEST_THRESHOLD_EXP = -307  # 1e-307: the smallest normal power of ten
_EXPM1_LIMIT = 700.0  # expm1(x) overflows past ~709.78
_BIGGEST = float(np.finfo(np.float64).max)
_LOG10_BIGGEST = math.log10(_BIGGEST)


@dataclass(frozen=True)
class CurveScale:
    kind: str = LINEAR
    threshold: float = 1.0  # symlog: linear within ±threshold (a power of ten)
    unit: float = 1.0  # linear: values are drawn in units of ``unit`` (a power of ten)

    # -- transforms ---------------------------------------------------------------------------
    def forward(self, values) -> np.ndarray:
        """Real values -> drawn coordinates. Non-finite in, non-finite out (and a value ≤ 0 on a
        log scale gives nan): the caller marks those off scale."""
        v = np.asarray(values, dtype=np.float64)
        if self.kind == LOG:
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.log10(v)
        if self.kind == SYMLOG:
            return _symlog(v, self.threshold)
        return v / self.unit

    def inverse(self, shown) -> np.ndarray:
        """Drawn coordinates -> real values (inf beyond the largest double)."""
        u = np.asarray(shown, dtype=np.float64)
        if self.kind == LOG:
            return _power_of_ten(u)
        if self.kind == SYMLOG:
            return _symlog_inverse(u, self.threshold)
        with np.errstate(over="ignore"):
            return u * self.unit

    # -- words ---------------------------------------------------------------------------------
    def describe(self, quantity: str, line_break: str = " ") -> str:
        """The axis label: the quantity and the scale it is drawn on (``line_break`` before the
        symlog threshold: a rotated label in a small plot has room for about 20 characters). A
        :class:`~gdexplorer.core.messages.Message`: the window shows it in its language."""
        if self.kind == LOG:
            return message("{quantity}, log scale", quantity=quantity)
        if self.kind == SYMLOG:
            return message("{quantity}, symlog scale{line_break}(linear within ±{threshold})", quantity=quantity,
                           line_break=line_break, threshold=format_value(self.threshold))
        return message("{quantity}, linear", quantity=quantity)

    # -- ranges and ticks ----------------------------------------------------------------------
    def view_range(self, values) -> tuple[float, float] | None:
        """Round bounds, in drawn coordinates, that hold every finite drawn value: whole units
        (decades) on log and symlog scales, multiples of a 1-2-5 step on a linear one. None when
        nothing finite is drawn."""
        shown = self.forward(values)
        shown = shown[np.isfinite(shown)]
        if shown.size == 0:
            return None
        lo, hi = float(shown.min()), float(shown.max())
        if self.kind in (LOG, SYMLOG):
            low = math.floor(lo)
            return float(low), float(max(math.ceil(hi), low + 1))
        step = nice_ceiling((hi - lo) / 5.0) if hi > lo else nice_ceiling(max(abs(hi), 1.0))
        low = math.floor(lo / step) * step
        return low, max(math.ceil(hi / step) * step, low + step)

    def ticks(self, low: float, high: float, max_ticks: int = 8) -> tuple[np.ndarray, list[str]]:
        """Tick positions (drawn coordinates) in [low, high] and their labels in real values."""
        if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
            return np.empty(0), []
        max_ticks = max(int(max_ticks), 2)
        if self.kind == LOG:
            real = _decade_ticks(low, high, max_ticks)
            if real.size < 2:  # zoomed in within a decade
                real = _linear_ticks(*self.inverse([low, high]), max_ticks)
        elif self.kind == SYMLOG:
            real = self._symlog_ticks(low, high, max_ticks)
        else:
            return self._linear_scaled_ticks(low, high, max_ticks)
        return self.forward(real), [format_value(v) for v in real]

    def _linear_scaled_ticks(self, low, high, max_ticks):
        shown = _linear_ticks(low, high, max_ticks)
        spacing = (shown[1] - shown[0]) * self.unit if shown.size > 1 else abs(high - low) * self.unit
        return shown, [format_value(v, spacing) for v in self.inverse(shown)]

    def _symlog_ticks(self, low, high, max_ticks) -> np.ndarray:
        """0 and ±10^k for 10^k ≥ c, every n-th decade on both sides alike; with 1-2-5 mantissas
        when few decades show; linear ticks when the view is zoomed in within ±c."""
        # a view reaching past the largest double ticks up to it
        real_lo, real_hi = (float(r) for r in np.clip(self.inverse([low, high]), -_BIGGEST, _BIGGEST))
        k0 = round(math.log10(self.threshold))
        spans = []  # per side (+, -): the decades k with 10^k in view
        for inner, top in ((max(real_lo, 0.0), real_hi), (max(-real_hi, 0.0), -real_lo)):
            k_lo = max(k0, math.ceil(math.log10(inner))) if inner > 0 else k0
            k_hi = math.floor(math.log10(top)) if top > 0 else k_lo - 1
            spans.append((k_lo, k_hi))
        decades = sum(max(k_hi - k_lo + 1, 0) for k_lo, k_hi in spans)
        every = _decade_step(decades, max_ticks, lambda n: sum(_powers(lo, hi, n).size for lo, hi in spans))
        positive, negative = (_powers(k_lo, k_hi, every) for k_lo, k_hi in spans)
        zero = np.array([0.0]) if real_lo <= 0.0 <= real_hi else np.empty(0)
        real = np.concatenate([-negative[::-1], zero, positive])
        with np.errstate(over="ignore"):
            if real.size < 4:  # few decades: add the 2s and 5s between them
                real = np.concatenate([real, 2.0 * real, 5.0 * real])
        real = np.unique(real[(real >= real_lo) & (real <= real_hi) & np.isfinite(real)])
        if real.size < 2:
            return _linear_ticks(real_lo, real_hi, max_ticks)
        return _spread(real, self.forward(real), (high - low) / (1.5 * max_ticks))


def choose_scale(arrays: Sequence[np.ndarray], want_log: bool) -> CurveScale:
    """The scale for a plot of these value arrays: log when wanted and every value is > 0,
    symlog when wanted but some value is ≤ 0, else linear. Non-finite values do not count."""
    finite = [a[np.isfinite(a)] for a in (np.asarray(a, dtype=np.float64) for a in arrays)]
    values = np.concatenate(finite) if finite else np.empty(0)
    if not want_log:
        return CurveScale(LINEAR, unit=_linear_unit(values))
    if values.size == 0 or np.all(values > 0):
        return CurveScale(LOG)
    return CurveScale(SYMLOG, threshold=_symlog_threshold(values))


def _linear_unit(values: np.ndarray) -> float:
    """A power of ten near the largest |v| when that is far from 1, else 1."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    if top == 0.0 or 1e-3 <= top < 1e6:
        return 1.0
    return 10.0 ** math.floor(math.log10(top))


def _symlog_threshold(values: np.ndarray) -> float:
    """The largest power of ten at or below the 5th percentile of the non-zero |v| (a value of
    the data, not an interpolation; 1 when all are zero)."""
    magnitudes = np.abs(values[values != 0])
    if magnitudes.size == 0:
        return 1.0
    low = float(np.percentile(magnitudes, 5, method="lower"))
    return 10.0 ** max(math.floor(math.log10(low)), _SMALLEST_THRESHOLD_EXP)


def _symlog(v: np.ndarray, c: float) -> np.ndarray:
    """sign(v)·log10(1 + |v|/c), without overflow: |v|/c would overflow for c tiny and |v| large,
    so above c it is log10|v| - log10 c + log10(1 + c/|v|)."""
    a = np.abs(v)
    out = np.empty_like(a)
    big = a >= c
    out[big] = np.log10(a[big]) - math.log10(c) + np.log1p(c / a[big]) / LN10
    small = ~big  # includes nan: log1p(nan) is nan
    out[small] = np.log1p(a[small] / c) / LN10
    return np.copysign(out, v)


def _symlog_inverse(u: np.ndarray, c: float) -> np.ndarray:
    """sign(u)·c·(10^|u| - 1): expm1 keeps the digits near 0; far out, 10^(|u| + log10 c) - c
    avoids overflowing 10^|u| when c is tiny."""
    m = np.abs(u)
    out = np.empty_like(m)
    near = m * LN10 < _EXPM1_LIMIT  # nan is not near: 10 ** nan is nan
    with np.errstate(over="ignore"):
        out[near] = c * np.expm1(m[near] * LN10)
    out[~near] = _power_of_ten(m[~near] + math.log10(c)) - c
    over = np.isinf(out) & np.isfinite(m)
    # log10 of c·(10^m - 1) is m + log10 c + log10(1 - 10^-m): at most log10(largest double) when
    # the value was finite, up to the last digit, which rounded up (see _power_of_ten)
    real_exponent = m[over] + math.log10(c) + np.log1p(-(10.0 ** -m[over])) / LN10
    out[over] = np.where(real_exponent <= _LOG10_BIGGEST + 1e-12, _BIGGEST, np.inf)
    return np.copysign(out, u)


def _power_of_ten(exponent: np.ndarray) -> np.ndarray:
    """10^exponent; inf past the largest double, but the largest double itself (log10 ≈ 308.25,
    known to ~1e-13) comes back as itself and not as inf when the last digit rounds up."""
    with np.errstate(over="ignore"):
        out = 10.0 ** exponent
    return np.where(np.isinf(out) & (exponent <= _LOG10_BIGGEST + 1e-12), _BIGGEST, out)


def _decade_step(decades: int, max_ticks: int, count) -> int:
    """Label every n-th decade, n of 1-2-5 x 10^k: the smallest n giving at most ``max_ticks``
    ticks, but never so large that fewer than two decades are labelled (600 decades in a short
    plot labelled only "1" said nothing). ``count(n)`` is how many ticks n gives."""
    if decades <= max_ticks:
        return 1
    every = int(nice_ceiling(decades / max_ticks))
    while every > 1 and count(every) < 2:
        every = int(_nice_floor(every - 1))
    return every


def _nice_floor(value: float) -> float:
    """The largest of 1, 2, 5 x 10^k that is <= value (value >= 1)."""
    exponent = math.floor(math.log10(value))
    for mantissa in (5.0, 2.0, 1.0):
        if mantissa * 10.0 ** exponent <= value:
            return mantissa * 10.0 ** exponent
    return 10.0 ** (exponent - 1)


def _powers(k_lo: int, k_hi: int, every: int) -> np.ndarray:
    """10^k for the multiples k of ``every`` in [k_lo, k_hi]."""
    first = math.ceil(k_lo / every) * every
    with np.errstate(over="ignore"):  # past 1e308 (a view zoomed out that far): inf, dropped later
        return 10.0 ** np.arange(first, k_hi + 1, every, dtype=np.float64)


def _spread(real: np.ndarray, positions: np.ndarray, gap: float) -> np.ndarray:
    """Drop ticks closer than ``gap`` to one kept before, going outward from the one nearest 0
    (±c sit right next to 0 when the view spans many decades: their labels would overlap)."""
    centre = int(np.argmin(np.abs(positions)))
    keep = [centre]
    for direction in (-1, 1):  # a handful of ticks: a plain loop
        last = positions[centre]
        for i in range(centre + direction, -1 if direction < 0 else positions.size, direction):
            if abs(positions[i] - last) >= gap:
                keep.append(i)
                last = positions[i]
    return real[np.sort(keep)]


def _decade_ticks(low: float, high: float, max_ticks: int) -> np.ndarray:
    """Real values 10^k for log10 positions in range (every n-th decade when many show), with
    2·10^k and 5·10^k too when few decades show and there is room for them."""
    k_lo, k_hi = math.ceil(low), math.floor(high)
    decades = k_hi - k_lo + 1
    real = _powers(k_lo, k_hi, _decade_step(decades, max_ticks, lambda n: _powers(k_lo, k_hi, n).size))
    if real.size < 4:
        with np.errstate(over="ignore", divide="ignore"):
            powers = 10.0 ** np.arange(math.floor(low), math.floor(high) + 1, dtype=np.float64)
            more = np.concatenate([powers, 2.0 * powers, 5.0 * powers])
            positions = np.log10(more)
        more = np.unique(more[(positions >= low) & (positions <= high)])
        if more.size <= max_ticks or real.size < 2:
            real = more
    return real[np.isfinite(real) & (real > 0)]


def _linear_ticks(low: float, high: float, max_ticks: int) -> np.ndarray:
    """Multiples of a 1-2-5 step in [low, high], at most about ``max_ticks`` of them."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return np.empty(0)
    step = nice_ceiling((high / max_ticks) - (low / max_ticks))  # no overflow at ±1e308
    first = math.ceil(low / step)
    count = int(math.floor(high / step) - first) + 1
    return (first + np.arange(max(count, 0), dtype=np.float64)) * step


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is >= value (value > 0); 1 otherwise."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        candidate = mantissa * 10.0 ** exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10.0 ** (exponent + 1))


def format_value(value: float, spacing: float | None = None) -> str:
    """A real tick value, short: 0.01, 250, 1e-12, 2.5e307. With ``spacing`` (linear ticks) as
    many digits as tell neighbours apart, and 0 for a rounding residue at zero."""
    value = float(value)
    if not math.isfinite(value):
        return "inf" if value > 0 else "-inf" if value < 0 else "nan"
    if value == 0 or (spacing and abs(value) < abs(spacing) * 1e-6):
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent <= 4:  # plain digits
        if not spacing:
            return f"{value:g}"
        return f"{value:.{max(0, -math.floor(math.log10(abs(spacing))))}f}"
    digits = max(1, exponent - math.floor(math.log10(abs(spacing))) + 1) if spacing else 1
    text = f"{value:.{min(digits, 15)}g}"
    mantissa, _, power = text.partition("e")
    return f"{mantissa}e{int(power)}" if power else text
