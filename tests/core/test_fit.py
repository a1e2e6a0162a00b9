"""Training on data (issue 11, seed 002): the loss kernels against numpy and PyTorch autograd, the
trainer against a plain numpy loop and torch.optim, and seed 002's three runs (full batch, SGD,
mini-batch) against the least-squares solution."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core import engine
from gdexplorer.core.fit import (
    SEED_002, DataError, Dataset, FitError, Trainer, epochs_csv, fit, load_csv, parse_csv, synthetic, trace_csv,
)
from gdexplorer.core.fit import kernels as FK
from gdexplorer.core.fit import train as T

from .references import assert_close

N, TRUE_W, TRUE_B, NOISE, LR, EPOCHS = 1000, 3.5, 4.0, 0.5, 0.02, 50  # seed 002
NOISE_FLOOR = NOISE**2 / 2  # the loss Σ(ŷ − y)²/(2m) of the true line: σ²/2 = 0.125


def seed002(seed=0):
    return synthetic(N, TRUE_W, TRUE_B, NOISE, seed=seed)


def lstsq(data):
    """The least-squares line by numpy's solver, and its loss."""
    A = np.stack([data.x, np.ones(data.n)], axis=1)
    (w, b), *_ = np.linalg.lstsq(A, data.y, rcond=None)
    return w, b, float(np.mean((w * data.x + b - data.y) ** 2) / 2)


def shuffles(seed, n):
    """The permutations the trainer draws, one per epoch (its documented generator)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(T.SHUFFLE_STREAM,)))
    while True:
        yield rng.permutation(n)


# -- numpy references, written from the formulas ----------------------------------------------------
def np_loss_grad(model, x, y, w, b):
    z = w * x + b
    if model == "linear":
        r = z - y
        return np.mean(r * r) / 2, np.mean(r * x), np.mean(r)
    p = 1 / (1 + np.exp(-z))  # moderate z only (the references are not the stable forms under test)
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))
    return loss, np.mean((p - y) * x), np.mean(p - y)


def np_train(model, x, y, lr, epochs, batch, seed):
    """Plain numpy mini-batch gradient descent: seed 002's loop."""
    w = b = 0.0
    rows = [(0, 0, w, b, np_loss_grad(model, x, y, w, b)[0])]
    n = x.size
    orders = shuffles(seed, n)
    t = 0
    for epoch in range(1, epochs + 1):
        order = np.arange(n) if batch >= n else next(orders)
        for lo in range(0, n, batch):
            idx = order[lo:lo + batch]
            _, gw, gb = np_loss_grad(model, x[idx], y[idx], w, b)
            w, b = w - lr * gw, b - lr * gb
            t += 1
        rows.append((epoch, t, w, b, np_loss_grad(model, x, y, w, b)[0]))
    return np.array(rows)


def as_array(rows):
    return np.stack([rows.epoch, rows.updates, rows.w, rows.b, rows.loss], axis=1)


# -- seed 002's three runs ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 7])
def test_seed002_minibatch_reaches_least_squares_and_noise_floor(seed):
    data = seed002(seed)
    w_ls, b_ls, loss_ls = lstsq(data)
    result = fit(data, "gd", hyperparameters={"lr": LR}, batch_size=50, epochs=EPOCHS, seed=seed)
    rows = result.epochs
    assert result.status == "ok" and len(rows) == EPOCHS + 1
    assert abs(rows.w[-1] - w_ls) < 0.05 and abs(rows.b[-1] - b_ls) < 0.05
    assert abs(rows.loss[-1] - NOISE_FLOOR) < 0.02  # seed 002: the loss settles near σ²/2 = 0.125
    assert rows.loss[-1] - loss_ls < 1e-3


@pytest.mark.parametrize("seed", [0, 7])
def test_seed002_full_batch_is_still_far_above_after_50_epochs(seed):
    data = seed002(seed)
    rows = fit(data, "gd", batch_size=None, epochs=EPOCHS, seed=seed).epochs
    assert list(rows.updates) == list(range(EPOCHS + 1))  # one update an epoch
    # 50 steps of lr 0.02 close only 1 − 0.98^50 ≈ 64% of the way: the loss is still ~2, 15x the floor
    assert rows.loss[-1] > 8 * NOISE_FLOOR
    assert np.all(np.diff(rows.loss) < 0)  # and it falls smoothly


@pytest.mark.parametrize("seed", [0, 7])
def test_seed002_sgd_ends_near_the_optimum_with_a_fluctuating_loss(seed):
    data = seed002(seed)
    w_ls, b_ls, loss_ls = lstsq(data)
    sgd = fit(data, "gd", batch_size=1, epochs=EPOCHS, seed=seed).epochs
    mini = fit(data, "gd", batch_size=50, epochs=EPOCHS, seed=seed).epochs
    assert sgd.updates[-1] == EPOCHS * N
    assert abs(sgd.w[-1] - w_ls) < 0.15 and abs(sgd.b[-1] - b_ls) < 0.15
    assert sgd.loss[-1] < NOISE_FLOOR + 0.05
    late = sgd.loss[-25:]
    # one sample a step: the point jitters around the optimum (stationary spread ~ lr·σ²/2 per
    # coordinate), so the full-data loss goes up and down from epoch to epoch
    assert np.all(late > loss_ls)
    assert np.sum(np.diff(late) > 0) >= 5 and np.sum(np.diff(late) < 0) >= 5
    assert np.std(late) > 1e-4 and np.std(late) > 10 * np.std(mini.loss[-25:])


def test_updates_per_epoch_are_epochs_times_ceil_n_over_m():
    data = synthetic(103, seed=2)
    for batch, per_epoch in [(None, 1), (103, 1), (500, 1), (1, 103), (10, 11), (50, 3), (103 - 1, 2)]:
        trainer = Trainer(data, "gd", batch_size=batch, epochs=4, seed=2)
        assert trainer.updates_per_epoch == per_epoch and trainer.total_updates == 4 * per_epoch
        result = trainer.run()
        assert list(result.epochs.updates) == [k * per_epoch for k in range(5)]
        trace = result.trace
        assert list(trace.update) == list(range(1, 4 * per_epoch + 1))
        assert list(trace.epoch) == [1 + k // per_epoch for k in range(4 * per_epoch)]
        last = np.cumsum(np.ones(4, dtype=int) * per_epoch) - 1  # each epoch's last update
        assert np.array_equal(trace.w[last], result.epochs.w[1:]) and np.array_equal(trace.b[last], result.epochs.b[1:])


# -- against independent references ---------------------------------------------------------------
@pytest.mark.parametrize("model", ["linear", "logistic"])
def test_full_batch_equals_plain_numpy_epoch_by_epoch(model):
    data = seed002(3) if model == "linear" else synthetic(500, 1.5, -0.5, model="logistic", seed=3)
    lr = LR if model == "linear" else 0.5
    ours = as_array(fit(data, "gd", hyperparameters={"lr": lr}, batch_size=None, epochs=60).epochs)
    ref = np_train(model, data.x, data.y, lr, 60, data.n, seed=0)
    assert_close(ours, ref, 1e-12, f"{model} full batch")


@pytest.mark.parametrize("model, batch", [("linear", 50), ("linear", 1), ("linear", 300), ("logistic", 64)])
def test_mini_batches_equal_plain_numpy_with_the_same_shuffles(model, batch):
    data = synthetic(1000, 2.0, 1.0, 0.5, model=model, seed=11)
    epochs = 3 if batch == 1 else 20
    lr = LR if model == "linear" else 0.3
    ours = as_array(fit(data, "gd", hyperparameters={"lr": lr}, batch_size=batch, epochs=epochs, seed=5).epochs)
    ref = np_train(model, data.x, data.y, lr, epochs, batch, seed=5)  # 300: the last batch of an epoch has 100
    assert_close(ours, ref, 1e-11, f"{model} batch {batch}")


@pytest.mark.torch
@pytest.mark.parametrize("model", ["linear", "logistic"])
def test_batch_loss_and_gradient_equal_torch_autograd(model):
    torch = pytest.importorskip("torch")
    data = synthetic(2000, 3.5, 4.0, 0.5, model=model, seed=4)
    rng = np.random.default_rng(1)
    # logistic: far out too, where σ saturates and a naive log(σ(z)) would give -inf
    points = [(0.0, 0.0), (3.2, 4.5), (-1.7, 0.3)] + ([(60.0, -40.0), (-300.0, 200.0)] if model == "logistic" else [])
    for w, b in points:
        for size in (1, 7, 50, 2000):
            idx = rng.choice(data.n, size=size, replace=False)
            loss, gw, gb = data.batch_loss_and_gradient(w, b, idx)
            xt = torch.tensor(data.x[idx], dtype=torch.float64)
            yt = torch.tensor(data.y[idx], dtype=torch.float64)
            wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
            bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
            z = wt * xt + bt
            if model == "linear":
                ref = ((z - yt) ** 2).sum() / (2 * size)  # seed 002's squared_loss over a batch of size m
            else:
                ref = torch.nn.functional.binary_cross_entropy_with_logits(z, yt)
            ref.backward()
            want = [ref.item(), wt.grad.item(), bt.grad.item()]
            assert_close([loss, gw, gb], want, 1e-12, f"{model} at {(w, b)}, batch {size}")


@pytest.mark.torch
@pytest.mark.parametrize("optimizer, settings, torch_opt", [
    ("adam", {"lr": 0.05, "beta1": 0.8}, lambda p, torch: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.999))),
    ("momentum", {"lr": 0.02, "momentum": 0.9}, lambda p, torch: torch.optim.SGD(p, lr=0.02, momentum=0.9)),
    ("rmsprop", {"lr": 0.01}, lambda p, torch: torch.optim.RMSprop(p, lr=0.01)),
])
def test_registry_optimizers_equal_torch_optim_on_the_same_batches(optimizer, settings, torch_opt):
    """The trainer reuses the registry's update rules: the same batches through torch.optim give
    the same epochs."""
    torch = pytest.importorskip("torch")
    data = synthetic(400, 3.5, 4.0, 0.5, seed=8)
    epochs, batch = 6, 32
    ours = as_array(fit(data, optimizer, hyperparameters=settings, batch_size=batch, epochs=epochs, seed=9).epochs)
    x, y = torch.tensor(data.x), torch.tensor(data.y)
    w = torch.zeros((), dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch_opt([w, b], torch)
    orders, t = shuffles(9, data.n), 0
    rows = [(0, 0, 0.0, 0.0, np_loss_grad("linear", data.x, data.y, 0.0, 0.0)[0])]
    for epoch in range(1, epochs + 1):
        order = torch.tensor(next(orders))
        for lo in range(0, data.n, batch):
            idx = order[lo:lo + batch]
            opt.zero_grad()
            loss = ((w * x[idx] + b - y[idx]) ** 2).sum() / (2 * len(idx))
            loss.backward()
            opt.step()
            t += 1
        rows.append((epoch, t, w.item(), b.item(), np_loss_grad("linear", data.x, data.y, w.item(), b.item())[0]))
    assert_close(ours, np.array(rows), 1e-10, optimizer)


def test_newton_full_batch_lands_on_least_squares_in_one_step():
    data = seed002(1)
    rows = fit(data, "newton", hyperparameters={"lr": 1.0}, batch_size=None, epochs=2).epochs
    w_ls, b_ls, loss_ls = lstsq(data)
    assert_close([rows.w[1], rows.b[1], rows.loss[1]], [w_ls, b_ls, loss_ls], 1e-12, "newton")
    single = Trainer(data, "newton", batch_size=1, epochs=1).run()  # one sample: its Hessian has rank 1
    assert single.status == "singular" and "Hessian is singular" in single.message and len(single.epochs) == 1


# -- the loss surface -----------------------------------------------------------------------------------
@pytest.mark.parametrize("model", ["linear", "logistic"])
def test_loss_grid_and_gradient_equal_direct_sums(model):
    data = synthetic(300, 3.5, 4.0, 0.5, model=model, seed=6)
    ws, bs = np.linspace(-2, 8, 11), np.linspace(-1, 9, 7)
    loss, gw, gb = data.loss_grid(ws, bs, gradient=True)
    assert loss.shape == (7, 11) and np.array_equal(data.loss_grid(ws, bs), loss)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            ref = np_loss_grad(model, data.x, data.y, w, b)
            assert_close([loss[i, j], gw[i, j], gb[i, j]], ref, 1e-12, f"{model} grid at {(w, b)}")
            assert_close(data.loss_and_gradient(w, b), ref, 1e-12, f"{model} point at {(w, b)}")


def test_linear_grid_from_moments_is_accurate_at_the_minimum():
    """Centred moments: near the minimum the loss is a small difference of large sums."""
    data = synthetic(5000, 3.5, 400.0, 0.01, seed=2)
    w, b, loss = lstsq(data)
    grid = data.loss_grid([w], [b])
    assert grid[0, 0] == pytest.approx(loss, rel=1e-9) and loss == pytest.approx(0.01**2 / 2, rel=0.1)
    assert_close(data.least_squares(), [w, b], 1e-12, "least squares")


def test_logistic_minimum_and_prediction_without_overflow():
    data = synthetic(800, 2.0, -1.0, model="logistic", seed=3)
    w, b = data.minimum()
    _, gw, gb = data.loss_and_gradient(w, b)
    assert abs(gw) < 1e-12 and abs(gb) < 1e-12 and abs(w - 2.0) < 0.5 and abs(b + 1.0) < 0.5
    p = data.predict(1e3, 0.0, np.array([-1e3, 0.0, 1e3]))  # z = ±1e6: no overflow warning
    assert list(p) == [0.0, 0.5, 1.0]
    separable = Dataset([-2.0, -1.0, 1.0, 2.0], [0.0, 0.0, 1.0, 1.0], "logistic")
    assert separable.minimum() is None  # the loss keeps falling as w grows


def test_logistic_training_reaches_the_minimum():
    data = synthetic(1000, 2.0, -1.0, model="logistic", seed=5)
    w, b = data.minimum()
    rows = fit(data, "gd", hyperparameters={"lr": 0.5}, batch_size=50, epochs=60, seed=1).epochs
    assert abs(rows.w[-1] - w) < 0.1 and abs(rows.b[-1] - b) < 0.1
    assert rows.loss[-1] - data.loss(w, b) < 2e-3


# -- stepping, divergence, settings -------------------------------------------------------------------
def test_stepping_in_pieces_equals_one_run_and_follows_the_next_batch_gradient():
    data = synthetic(230, seed=1)
    whole = Trainer(data, "adam", batch_size=40, epochs=5, seed=3).run()
    trainer = Trainer(data, "adam", batch_size=40, epochs=5, seed=3)
    pieces = []
    for n in [0, 1, 2, 7, 3, 11, 100]:
        pieces.append(trainer.step(n))
    assert trainer.finished and trainer.t == 30 and trainer.epoch == 5
    assert sum(len(c.updates) for c in pieces) == 30 and sum(len(c.epochs) for c in pieces) == 5
    assert epochs_csv(trainer.epoch_rows) == epochs_csv(whole.epochs)
    assert trace_csv(trainer.update_rows) == trace_csv(whole.trace)
    assert trainer.step(5).updates.update.size == 0 and trainer.next_batch() is None

    gd = Trainer(data, "gd", hyperparameters={"lr": 0.1}, batch_size=40, epochs=2, seed=3)
    gd.step(3)
    batch = gd.next_batch()
    loss, gw, gb = gd.next_batch_gradient()
    assert batch.size == 40 and loss == data.batch_loss_and_gradient(gd.w, gd.b, batch)[0]
    w, b = gd.w, gd.b
    chunk = gd.step(1)
    assert chunk.updates.batch_loss[0] == loss
    assert (gd.w, gd.b) == (w - 0.1 * gw, b - 0.1 * gb)
    last = gd.step_epoch()  # batches 5 and 6 (the last has 30 samples)
    assert list(last.updates.update) == [5, 6] and list(last.epochs.epoch) == [1] and gd.epoch == 1


def test_divergence_stops_cleanly_with_a_status():
    data = seed002(0)
    trainer = Trainer(data, "gd", hyperparameters={"lr": 3.0}, batch_size=None, epochs=5000)
    result = trainer.run()
    assert result.status == "diverged" and "diverged" in result.message and trainer.finished
    assert np.all(np.isfinite(as_array(result.epochs))) and len(result.epochs) < 5000
    assert np.isfinite(trainer.w) and np.isfinite(trainer.b)
    assert trainer.step(10).updates.update.size == 0
    sgd = Trainer(data, "gd", hyperparameters={"lr": 50.0}, batch_size=1, epochs=2).run()
    assert sgd.status == "diverged" and np.all(np.isfinite(sgd.trace.w))


def test_bad_settings_raise_fit_error():
    data = synthetic(10, seed=0)
    for kwargs, message in [
        (dict(batch_size=0), "batch size must be a whole number >= 1"),
        (dict(batch_size=2.5), "batch size"),
        (dict(epochs=-1), "epochs must be a whole number >= 0"),
        (dict(seed=-3), "seed must be"),
        (dict(start=(1.0,)), "start must be two finite numbers"),
        (dict(start=(1.0, math.nan)), "start must be two finite numbers"),
        (dict(optimizer="bogus"), "unknown optimizer 'bogus'"),
        (dict(hyperparameters={"beta": 1}), "gd has no hyperparameter 'beta'"),
        (dict(hyperparameters={"lr": -1}), "lr must be in (0, inf)"),
        (dict(start=(1e200, 1e200)), "the loss is not finite at the start"),
    ]:
        optimizer = kwargs.pop("optimizer", "gd")
        with pytest.raises(FitError, match=message.replace("(", r"\(").replace(")", r"\)")):
            Trainer(data, optimizer, **kwargs)
    assert Trainer(data).lr == SEED_002["lr"]  # seed 002's rate for every optimizer unless given
    assert Trainer(data, "adam").lr == 0.02 and Trainer(data, "adam", hyperparameters={"lr": 0.1}).lr == 0.1


# -- data ---------------------------------------------------------------------------------------------------
def test_synthetic_data_follow_seed_002():
    data = seed002(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal(N)
    assert np.array_equal(data.x, x) and np.array_equal(data.y, 3.5 * x + 4.0 + 0.5 * rng.standard_normal(N))
    assert not data.x.flags.writeable and data.model == "linear" and data.n == N
    logistic = synthetic(5000, 3.5, 4.0, model="logistic", seed=1)
    assert set(np.unique(logistic.y)) == {0.0, 1.0}
    p = 1 / (1 + np.exp(-(3.5 * logistic.x + 4.0)))
    assert abs(logistic.y.mean() - p.mean()) < 0.02  # labels drawn from the true model
    for kwargs in [dict(n=1), dict(noise=-1.0), dict(w=math.inf), dict(model="probit"), dict(seed=-1)]:
        with pytest.raises(DataError):
            synthetic(**kwargs)


def test_dataset_validation():
    with pytest.raises(DataError, match="at least 2 samples"):
        Dataset([1.0], [2.0])
    with pytest.raises(DataError, match="x has 3 values but y has 2"):
        Dataset([1.0, 2.0, 3.0], [2.0, 1.0])
    with pytest.raises(DataError, match=r"y\[1\] is nan"):
        Dataset([1.0, 2.0], [2.0, math.nan])
    with pytest.raises(DataError, match=r"labels 0 or 1: y\[2\] is 0.5"):
        Dataset([1.0, 2.0, 3.0], [0.0, 1.0, 0.5], "logistic")
    with pytest.raises(DataError, match="least squares is the minimum of linear regression only"):
        Dataset([1.0, 2.0], [0.0, 1.0], "logistic").least_squares()
    with pytest.raises(DataError, match="every x is the same"):
        Dataset([1.0, 1.0], [0.0, 1.0]).least_squares()


def test_csv_with_and_without_header(tmp_path):
    data = synthetic(50, seed=3)
    body = "".join(f"{a!r},{b!r}\n" for a, b in zip(data.x.tolist(), data.y.tolist()))
    for text in [body, "x,y\n" + body, "\ufeffx,y\r\n" + body.replace("\n", "\r\n"), "\n" + body + "\n\n"]:
        path = tmp_path / "d.csv"
        path.write_text(text, encoding="utf-8", newline="")
        loaded = load_csv(path)
        assert np.array_equal(loaded.x, data.x) and np.array_equal(loaded.y, data.y) and loaded.name == "d.csv"
    # quoted and padded cells take the line-by-line parser: the same numbers
    quoted = parse_csv('"time","value"\n' + "".join(f'"{a!r}", {b!r} \n' for a, b in zip(data.x.tolist(), data.y.tolist())))
    assert np.array_equal(quoted.x, data.x) and np.array_equal(quoted.y, data.y)
    assert quoted.columns == ("time", "value")
    assert parse_csv("1,0\n2,1\n", "logistic").y.tolist() == [0.0, 1.0]


@pytest.mark.parametrize("text, model, message", [
    ("x,y\n1,2\n3,abc\n5,6\n", "linear", "line 3, column 2: 'abc' is not a number"),
    ("1,2\n\n\n4x,5\n", "linear", "line 4, column 1: '4x' is not a number"),
    ("x,y\n1,2\n3,\n", "linear", "line 3, column 2: an empty cell is not a number"),
    ("1,2\n3,nan\n", "linear", "line 2, column 2: 'nan' is not a number"),
    ("1,2\n3,1e999\n", "linear", "line 2, column 2: 1e999 is too large for a float"),
    ("x,y\n1,2\n3,4,5\n", "linear", "line 3: expected 2 columns (x,y), found 3"),
    ("1;2\n3;4\n", "linear", "line 1: expected 2 columns (x,y), found 1 (columns are separated by a comma)"),
    ("x,y\n1,2\n", "linear", "1 data row; training needs at least 2 rows"),
    ("x,y\n", "linear", "0 data rows; training needs at least 2 rows"),
    ("", "linear", "0 data rows"),
    ("x,y\n1,0\n2,1\n3,2\n", "logistic", "line 4, column 2: logistic regression needs labels 0 or 1, got 2"),
])
def test_bad_csv_is_refused_with_its_line(tmp_path, text, model, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_csv(path, model)
    assert str(info.value).startswith(f"{path}: {message}")  # the path as given, then where and why


def test_unreadable_and_binary_files(tmp_path):
    with pytest.raises(DataError, match="cannot read .*missing.csv.*No such file"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="cannot read"):
        load_csv(tmp_path)
    (tmp_path / "bin.csv").write_bytes(b"1,2\n3,4\n\xff\xfe,1\n")
    with pytest.raises(DataError, match=r"bin.csv: line 3: not UTF-8 text"):
        load_csv(tmp_path / "bin.csv")


def test_large_csv_reports_progress(tmp_path):
    data = synthetic(200_000, seed=1)
    path = tmp_path / "big.csv"
    path.write_text("x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(data.x.tolist(), data.y.tolist())))
    calls = []
    loaded = load_csv(path, progress=lambda fraction, text: calls.append(fraction))
    assert np.array_equal(loaded.x, data.x) and calls and all(0 <= f <= 1 for f in calls)
    (tmp_path / "slow.csv").write_text(path.read_text().replace("\n", ' \n'))  # quoted-free but padded: fast
    assert np.array_equal(load_csv(tmp_path / "slow.csv").y, data.y)


def test_training_reuses_compiled_kernels():
    """New data, models, optimizers and batch sizes must not cost a compile (the window trains
    while the user watches)."""
    fit(synthetic(20, seed=0), "gd", epochs=1)
    fit(synthetic(20, model="logistic", seed=0), "adam", epochs=1)
    kernels = [T.compile_kernels().train_updates, FK.batch_terms, FK.data_terms, FK.sample_grid, FK.linear_grid,
               FK.centred_moments, engine.get().update]
    before = [len(k.signatures) for k in kernels]
    for model in ("linear", "logistic"):
        data = parse_csv("x,y\n1,0\n2,1\n3,1\n", model)
        for name in ("momentum", "newton", "nadam", "adagrad"):
            fit(data, name, batch_size=2, epochs=2, start=(0.5, -0.5))
        data.loss_grid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 4), gradient=True)
        data.batch_loss_and_gradient(0.1, 0.2, [0, 2])
        Trainer(data, "adam", batch_size=1).next_batch_gradient()
    assert [len(k.signatures) for k in kernels] == before
