"""Data to train on: a :class:`Dataset` (x, y and the model that fits them), made synthetically as
in seed 002 or read from a CSV file with columns x,y.

A malformed file is refused with a :class:`DataError` naming the line and column (1-based, as an
editor shows them); a loaded dataset's arrays are read-only, so the runs training on it can share it.
"""
from __future__ import annotations

import errno
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from gdexplorer.core.fit import kernels as FK
from gdexplorer.core.messages import message

#: seed 002: 1000 samples, x ~ N(0, 1), y = 3.5x + 4 + N(0, 0.5²), trained 50 epochs at lr 0.02 in
#: batches of 50 (its three runs: batch 1000, 1 and 50).
SEED_002 = dict(n=1000, w=3.5, b=4.0, noise=0.5, batch_size=50, epochs=50, lr=0.02)
MIN_SAMPLES = 2

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class DataError(ValueError):
    """Data that cannot be trained on: the message says where (file, line, column) and why."""


def model_code(model: str) -> int:
    try:
        return FK.MODELS[model]
    except (KeyError, TypeError):
        raise DataError(message("unknown model {model!r} (choose from: {known})", model=model,
                                known=", ".join(FK.MODELS))) from None


@dataclass(frozen=True, eq=False)
class Dataset:
    """Samples (x[i], y[i]) and the model fitted to them, ``'linear'`` (ŷ = w·x + b, loss
    Σ(ŷ − y)²/(2m)) or ``'logistic'`` (p = σ(w·x + b), mean cross-entropy; y is 0 or 1).
    ``name`` says where the data came from (a file name, or the synthetic settings)."""

    x: np.ndarray
    y: np.ndarray
    model: str = "linear"
    name: str = ""
    columns: tuple[str, str] = field(default=("x", "y"))

    def __post_init__(self):
        code = model_code(self.model)
        x = np.array(self.x, dtype=np.float64).ravel()
        y = np.array(self.y, dtype=np.float64).ravel()
        if x.shape != y.shape:
            raise DataError(message("x has {nx} values but y has {ny}", nx=x.size, ny=y.size))
        if x.size < MIN_SAMPLES:
            raise DataError(message("training needs at least {least} samples, got {count}", least=MIN_SAMPLES,
                                    count=x.size))
        for name, arr in (("x", x), ("y", y)):
            bad = np.flatnonzero(~np.isfinite(arr))
            if bad.size:
                raise DataError(message("{name}[{index}] is {value!r}: every value must be a finite number", name=name,
                                        index=bad[0], value=float(arr[bad[0]])))
        if code == FK.LOGISTIC:
            bad = np.flatnonzero((y != 0.0) & (y != 1.0))
            if bad.size:
                raise DataError(message("logistic regression needs labels 0 or 1: y[{index}] is {value!r}", index=bad[0],
                                        value=float(y[bad[0]])))
        for arr in (x, y):
            arr.flags.writeable = False
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @property
    def n(self) -> int:
        return int(self.x.size)

    def __len__(self) -> int:
        return self.n

    @property
    def model_code(self) -> int:
        return FK.MODELS[self.model]

    # -- the loss over all the data ---------------------------------------------------------------
    def _terms(self, w: float, b: float) -> np.ndarray:
        out = FK.new_terms()
        FK.data_terms(self.model_code, self.x, self.y, float(w), float(b), out)
        return out

    def loss(self, w: float, b: float) -> float:
        """The full-data loss at (w, b)."""
        return float(self._terms(w, b)[FK.LOSS])

    def loss_and_gradient(self, w: float, b: float) -> tuple[float, float, float]:
        """(L, ∂L/∂w, ∂L/∂b) over all the data at (w, b)."""
        t = self._terms(w, b)
        return float(t[FK.LOSS]), float(t[FK.GRAD_W]), float(t[FK.GRAD_B])

    def hessian(self, w: float, b: float) -> np.ndarray:
        """The full-data loss's 2x2 Hessian over (w, b)."""
        t = self._terms(w, b)
        return np.array([[t[FK.HESS_WW], t[FK.HESS_WB]], [t[FK.HESS_WB], t[FK.HESS_BB]]])

    def batch_loss_and_gradient(self, w: float, b: float, indices: Sequence[int]) -> tuple[float, float, float]:
        """(loss, ∂/∂w, ∂/∂b) of the mean loss over the samples ``indices`` (a mini-batch) at (w, b)."""
        idx = np.ascontiguousarray(indices, dtype=np.int64).ravel()
        if idx.size == 0:
            raise ValueError(message("a batch needs at least one sample"))
        if idx.min() < 0 or idx.max() >= self.n:
            raise IndexError(message("batch indices must be in [0, {n}), got {low}..{high}", n=self.n, low=idx.min(),
                                     high=idx.max()))
        out = FK.new_terms()
        FK.batch_terms(self.model_code, self.x, self.y, idx, 0, idx.size, float(w), float(b), False, out)
        return float(out[FK.LOSS]), float(out[FK.GRAD_W]), float(out[FK.GRAD_B])

    @cached_property
    def moments(self) -> np.ndarray:
        """(mean x, mean y, var x, cov xy, var y), population (divided by n), read-only."""
        out = np.empty(5)
        FK.centred_moments(self.x, self.y, out)
        out.flags.writeable = False
        return out

    def loss_grid(self, ws: Sequence[float], bs: Sequence[float], gradient: bool = False):
        """The full-data loss on the grid ws x bs: an array (len(bs), len(ws)), row i at b = bs[i]
        and column j at w = ws[j] (as an image with w across). With ``gradient``, returns
        (loss, ∂L/∂w, ∂L/∂b), three such arrays. Linear regression uses the data's moments, O(1) a
        point; logistic regression sums over the samples, O(n) a point (in parallel)."""
        ws = np.ascontiguousarray(ws, dtype=np.float64).ravel()
        bs = np.ascontiguousarray(bs, dtype=np.float64).ravel()
        shape = (bs.size, ws.size)
        loss = np.empty(shape)
        gw = np.empty(shape) if gradient else np.empty((0, 0))
        gb = np.empty(shape) if gradient else np.empty((0, 0))
        if self.model_code == FK.LINEAR:
            FK.linear_grid(np.array(self.moments), ws, bs, gradient, loss, gw, gb)
        else:
            FK.sample_grid(self.model_code, self.x, self.y, ws, bs, gradient, loss, gw, gb)
        return (loss, gw, gb) if gradient else loss

    # -- the minimum ----------------------------------------------------------------------------
    def least_squares(self) -> tuple[float, float]:
        """Linear regression's minimum (w*, b*) = (cov xy / var x, ȳ − w*·x̄); raises DataError when
        every x is the same (then no single line is best)."""
        if self.model_code != FK.LINEAR:
            raise DataError(message("least squares is the minimum of linear regression only"))
        mx, my, vxx, cxy, _ = self.moments
        if not vxx > 0.0:
            raise DataError(message("every x is the same: the least-squares line is not unique"))
        w = cxy / vxx
        return float(w), float(my - w * mx)

    def minimum(self, max_iterations: int = 100) -> tuple[float, float] | None:
        """The (w, b) minimizing the full-data loss, or None when there is none: linear regression
        with all x equal; logistic regression on separable data (the loss keeps falling as |w|
        grows). Logistic: Newton's method on the full data from (0, 0)."""
        if self.model_code == FK.LINEAR:
            try:
                return self.least_squares()
            except DataError:
                return None
        theta = np.zeros(2)
        for _ in range(max_iterations):
            t = self._terms(*theta)
            g = np.array([t[FK.GRAD_W], t[FK.GRAD_B]])
            h = np.array([[t[FK.HESS_WW], t[FK.HESS_WB]], [t[FK.HESS_WB], t[FK.HESS_BB]]])
            if not (np.all(np.isfinite(h)) and np.linalg.cond(h) < 1e12):
                return None
            step = np.linalg.solve(h, g)
            theta -= step
            if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > 1e6:
                return None
            if np.max(np.abs(step)) <= 1e-12 * max(1.0, float(np.max(np.abs(theta)))):
                return float(theta[0]), float(theta[1])
        return None

    def predict(self, w: float, b: float, xs) -> np.ndarray:
        """The model's output at ``xs``: ŷ = w·x + b, or p = σ(w·x + b) for logistic regression."""
        z = float(w) * np.asarray(xs, dtype=np.float64) + float(b)
        if self.model_code == FK.LINEAR:
            return z
        return np.exp(-np.logaddexp(0.0, -z))  # σ(z) = 1/(1 + e^−z), without overflow warnings


def synthetic(n: int = 1000, w: float = 3.5, b: float = 4.0, noise: float = 0.5, *, model: str = "linear",
              seed: int = 0) -> Dataset:
    """Seed 002's data: x ~ N(0, 1), then y = w·x + b + noise·N(0, 1) (linear), or y ~ Bernoulli(σ(w·x + b))
    (logistic: the labels are drawn from the true model; ``noise`` is not used). The draws are, in
    order, ``rng.standard_normal(n)`` for x and ``rng.standard_normal(n)`` (linear) or
    ``rng.random(n) < p`` (logistic) with ``rng = np.random.default_rng(seed)``."""
    code = model_code(model)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < MIN_SAMPLES:
        raise DataError(message("n must be a whole number >= {least}, got {n!r}", least=MIN_SAMPLES, n=n))
    for name, value in (("w", w), ("b", b), ("noise", noise)):
        if not isinstance(value, (int, float, np.floating, np.integer)) or not math.isfinite(value):
            raise DataError(message("{name} must be a finite number, got {value!r}", name=name, value=value))
    if noise < 0:
        raise DataError(message("noise must be >= 0, got {noise!r}", noise=noise))
    rng = np.random.default_rng(_check_seed(seed))
    x = rng.standard_normal(int(n))
    if code == FK.LINEAR:
        y = w * x + b + noise * rng.standard_normal(int(n))
        name = message("synthetic: n={n}, y = {w:g}x + {b:g} + N(0, {noise:g}²), seed {seed}", n=n, w=w, b=b, noise=noise,
                       seed=seed)
    else:
        z = w * x + b
        p = np.exp(-np.logaddexp(0.0, -z))
        y = (rng.random(int(n)) < p).astype(np.float64)
        name = message("synthetic: n={n}, y ~ Bernoulli(σ({w:g}x + {b:g})), seed {seed}", n=n, w=w, b=b, seed=seed)
    return Dataset(x, y, model, name)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(message("the seed must be a whole number >= 0, got {seed!r}", seed=seed))
    return int(seed)


# -- CSV ------------------------------------------------------------------------------------------
def load_csv(path: str | Path, model: str = "linear",
             progress: Callable[[float, str], None] | None = None) -> Dataset:
    """Read a CSV file of two columns x,y (a header line is optional) as a Dataset.

    Raises DataError for a file that cannot be read or is not UTF-8 text, and for malformed
    content, naming the line and column. ``progress(fraction, text)`` is called now and then
    while parsing (a worker's progress callback; it may raise to cancel)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(message("cannot read {path!r}: {reason}", path=str(path), reason=_os_reason(exc))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(message("{path}: line {line}: not UTF-8 text (byte {byte:#04x})", path=str(path), line=line,
                                byte=raw[exc.start])) from None
    return parse_csv(text, model, name=path.name, source=str(path), progress=progress)


def _os_reason(exc: OSError) -> str:
    """The system's reason, as a message the window translates when it is one of the usual ones."""
    known = {errno.ENOENT: message("No such file or directory"), errno.EACCES: message("Permission denied"),
             errno.EISDIR: message("Is a directory")}.get(exc.errno)
    return known if known is not None and known == exc.strerror else exc.strerror or str(exc)


def parse_csv(text: str, model: str = "linear", *, name: str = "data", source: str | None = None,
              progress: Callable[[float, str], None] | None = None) -> Dataset:
    """The Dataset in CSV ``text`` (see :func:`load_csv`), called ``name``; ``source`` (the path
    as given; default ``name``) starts every error message.

    Format: one sample per line, ``x,y`` (cells may be padded with spaces or quoted with "");
    blank lines are skipped; the first non-blank line is a header when neither of its two
    cells is a number. Every cell must be a finite decimal number (1, -2.5, .5, 3e-2)."""
    code = model_code(model)
    where = name if source is None else source
    fast = _parse_fast(text, code, progress)
    if fast is not None:
        x, y, columns = fast
        return Dataset(x, y, model, name, columns)
    lines = text.split("\n")
    xs: list[float] = []
    ys: list[float] = []
    columns = ("x", "y")
    header_done = False
    step = 1 << 16
    for start in range(0, len(lines), step):
        if progress is not None and start:
            progress(start / len(lines), message("reading line {line} of {lines}", line=start, lines=len(lines)))
        for lineno in range(start + 1, min(start + step, len(lines)) + 1):
            line = lines[lineno - 1]
            if not line.strip():
                continue
            cells = line.rstrip("\r").split(",")
            if len(cells) != 2:
                if len(cells) == 1:
                    raise DataError(message("{source}: line {line}: expected 2 columns (x,y), found 1 (columns are "
                                            "separated by a comma)", source=where, line=lineno))
                raise DataError(message("{source}: line {line}: expected 2 columns (x,y), found {count}", source=where,
                                        line=lineno, count=len(cells)))
            if not header_done:
                header_done = True
                if not any(_NUMBER.fullmatch(_unquote(c)) for c in cells):
                    columns = (_unquote(cells[0]), _unquote(cells[1]))
                    continue
            values = []
            for column, cell in enumerate(cells, start=1):
                values.append(_cell_value(cell, where, lineno, column, code))
            xs.append(values[0])
            ys.append(values[1])
    if len(xs) < MIN_SAMPLES:
        if len(xs) == 1:
            raise DataError(message("{source}: 1 data row; training needs at least {least} rows", source=where,
                                    least=MIN_SAMPLES))
        raise DataError(message("{source}: {count} data rows; training needs at least {least} rows", source=where,
                                count=len(xs), least=MIN_SAMPLES))
    return Dataset(np.array(xs), np.array(ys), model, name, columns)


_PLAIN_CHARACTERS = b"0123456789eE.+-,\n \t"
#: characters of the file numpy parses in one call: np.loadtxt holds the GIL while it parses, so a
#: worker reading a big file lets the window run between chunks (~15 ms each) instead of freezing it
FAST_CHUNK_CHARS = 1 << 19


def _parse_fast(text: str, code: int, progress) -> tuple[np.ndarray, np.ndarray, tuple[str, str]] | None:
    """numpy's C parser for the common case (digits, signs, points, exponents, commas and spaces
    only, 2 columns, >= 2 finite rows, valid labels): several times faster than the checks line by
    line. None for anything else: the line-by-line parser then reads the file or says what is wrong
    and where (with those characters, numpy accepts exactly the numbers the strict parser does).
    The body is parsed in chunks of whole lines, with a progress report before each."""
    first = next((line.rstrip("\r") for line in text.split("\n", 8)[:8] if line.strip()), None)
    columns = ("x", "y")
    if first is None:
        return None
    body = text
    cells = first.split(",")
    if len(cells) == 2 and not any(_NUMBER.fullmatch(_unquote(c)) for c in cells):
        columns = (_unquote(cells[0]), _unquote(cells[1]))
        body = text[text.index(first) + len(first):]
    tables = []
    start = 0
    while start < len(body):
        end = body.find("\n", min(start + FAST_CHUNK_CHARS, len(body)))
        end = len(body) if end < 0 else end + 1
        chunk = body[start:end].replace("\r\n", "\n")
        if progress is not None:
            progress(0.1 + 0.85 * start / len(body), message("reading the numbers ({percent}%)",
                                                             percent=100 * start // len(body)))
        start = end
        try:
            if chunk.encode("ascii").translate(None, _PLAIN_CHARACTERS):
                return None  # some other character: let the strict parser judge
        except UnicodeEncodeError:
            return None
        if not chunk.strip():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # e.g. "input contained no data": the strict parser says it better
                table = np.loadtxt(io.StringIO(chunk), delimiter=",", dtype=np.float64, ndmin=2, comments=None)
        except (ValueError, Warning):
            return None
        if table.shape[1] != 2:
            return None
        tables.append(table)
    if not tables:
        return None
    table = np.concatenate(tables) if len(tables) > 1 else tables[0]
    if table.shape[0] < MIN_SAMPLES or not np.all(np.isfinite(table)):
        return None
    x, y = table[:, 0].copy(), table[:, 1].copy()
    if code == FK.LOGISTIC and not np.all((y == 0.0) | (y == 1.0)):
        return None
    return x, y, columns


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].strip()
    return cell


def _cell_value(cell: str, name: str, lineno: int, column: int, code: int) -> float:
    text = _unquote(cell)
    if not _NUMBER.fullmatch(text):
        if not text:
            raise DataError(message("{source}: line {line}, column {column}: an empty cell is not a number", source=name,
                                    line=lineno, column=column))
        raise DataError(message("{source}: line {line}, column {column}: {text!r} is not a number", source=name,
                                line=lineno, column=column, text=text))
    value = float(text)
    if not math.isfinite(value):
        raise DataError(message("{source}: line {line}, column {column}: {text} is too large for a float", source=name,
                                line=lineno, column=column, text=text))
    if code == FK.LOGISTIC and column == 2 and value not in (0.0, 1.0):
        raise DataError(message("{source}: line {line}, column 2: logistic regression needs labels 0 or 1, got {text}",
                                source=name, line=lineno, text=text))
    return value
