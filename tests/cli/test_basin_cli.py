"""`gdexplorer basin`: a grid of starts, each labelled by the minimum it reaches (an .npz contract)."""
from __future__ import annotations

import os
import struct
import zlib

import numpy as np
import pytest

from gdexplorer.cli import main
from gdexplorer.core.presets import PRESETS


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read_png(path):
    """Decode the 8-bit RGB, unfiltered PNG the command writes (an independent reader)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        assert struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + n
    w, h, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 2)
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(h, 1 + 3 * w)
    assert (raw[:, 0] == 0).all()
    return raw[:, 1:].reshape(h, w, 3)


def test_himmelblau_basins_find_the_four_minima(capsys, tmp_path):
    preset = PRESETS["himmelblau"]
    out, png = tmp_path / "h.npz", tmp_path / "h.png"
    code, stdout, err = run_cli(capsys, "basin", "-f", preset.expression, "--optimizer", "gd", "--lr", "0.01",
                                "--steps", "3000", "--grid", "41,37", "--range", "-5:5,-5:5", "--out", str(out),
                                "--png", str(png))
    assert code == 0 and stdout == "" and err.startswith("4 minima")
    data = np.load(out)
    for name in ("final_x", "final_y", "f", "steps", "label"):
        assert data[name].shape == (37, 41), name
    labels = data["label"]
    assert set(np.unique(labels)) == {0, 1, 2, 3}  # every start converges, to one of four minima
    known = np.array(preset.minima)
    matched = set()
    for k in range(4):
        ends = np.stack([data["final_x"][labels == k], data["final_y"][labels == k]], axis=1)
        dist = np.linalg.norm(known[None, :, :] - ends[:, None, :], axis=2)
        which = np.argmin(dist, axis=1)
        assert len(set(which)) == 1 and dist.min(axis=1).max() < 1e-3  # one minimum per label
        matched.add(int(which[0]))
        np.testing.assert_allclose(data["minima"][k, :2], known[which[0]], atol=1e-3)
    assert matched == {0, 1, 2, 3}
    # labels are ordered by f (all 0 here, within 1e-9), then x, then y
    assert list(data["minima"][:, 0]) == sorted(data["minima"][:, 0])
    # the start at the minimum (3, 2) itself... and its neighbourhood end at (3, 2)
    xs, ys = np.linspace(-5, 5, 41), np.linspace(-5, 5, 37)
    i, j = np.argmin(abs(xs - 3.0)), np.argmin(abs(ys - 2.0))
    assert abs(data["final_x"][j, i] - 3.0) < 1e-3 and abs(data["final_y"][j, i] - 2.0) < 1e-3
    image = read_png(png)
    assert image.shape == (37, 41, 3)
    assert len({tuple(c) for c in image.reshape(-1, 3)}) > 4  # four colours, shaded by steps


def test_a_bowl_has_one_basin(capsys, tmp_path):
    out = tmp_path / "b.npz"
    code, _, err = run_cli(capsys, "basin", "-f", "x^2 + y^2", "--lr", "0.1", "--grid", "9,7", "--range", "-3:3,-2:2",
                           "--out", str(out))
    assert code == 0
    data = np.load(out)
    assert (data["label"] == 0).all()
    assert np.abs(data["minima"][0]).max() < 1e-6
    # gd with lr 0.1 scales the point by 0.8 a step; |∇f| = 2|p| < 1e-6 after ceil(log(2|p|/1e-6)/log(1/0.8)) steps
    xs, ys = np.linspace(-3, 3, 9), np.linspace(-2, 2, 7)
    r = np.hypot(*np.meshgrid(xs, ys))
    expected = np.where(r > 0, np.ceil(np.log(2 * np.maximum(r, 1e-300) / 1e-6) / np.log(1.25)), 0)
    assert np.abs(data["steps"] - expected).max() <= 1  # rounding at the threshold


def test_rows_are_y_and_columns_are_x(capsys, tmp_path):
    # one gd step on f = x + 10y^2 with lr 0.01: (x, y) -> (x - 0.01, y - 0.2y): asymmetric in x and y
    out = tmp_path / "o.npz"
    code, _, _ = run_cli(capsys, "basin", "-f", "x + 10*y^2", "--lr", "0.01", "--steps", "1", "--grid", "5,3",
                         "--range", "-1:3,10:12", "--out", str(out))
    assert code == 0
    data = np.load(out)
    xs, ys = np.linspace(-1, 3, 5), np.linspace(10, 12, 3)
    for j in range(3):
        for i in range(5):
            assert data["final_x"][j, i] == pytest.approx(xs[i] - 0.01, rel=1e-15)
            assert data["final_y"][j, i] == pytest.approx(ys[j] - 0.2 * ys[j], rel=1e-15)
            x, y = data["final_x"][j, i], data["final_y"][j, i]
            assert data["f"][j, i] == pytest.approx(x + 10 * y * y, rel=1e-15)
    assert (data["steps"] == 1).all() and (data["label"] == -1).all()  # one step: not converged


@pytest.mark.parametrize("argv,message", [
    (["--grid", "10", "--range", "-1:1,-1:1"], "--grid takes NX,NY"),
    (["--grid", "0,4", "--range", "-1:1,-1:1"], "--grid takes NX,NY"),
    (["--grid", "4,4", "--range", "-1:1"], "--range needs X0:X1,Y0:Y1"),
    (["--grid", "4,4", "--range", "1:-1,-1:1"], "lower bound"),
    (["--grid", "4,4", "--range", "-1:1,-1:1", "--optimizer", "nope"], "unknown optimizer"),
    (["--grid", "4,4", "--range", "-1:1,-1:1", "--set", "beta9=1"], "has no hyperparameter"),
    (["--grid", "4,4", "--range", "-1:1,-1:1", "--steps", "-1"], "--steps must be >= 0"),
])
def test_bad_input_exits_2_with_one_line_and_no_files(capsys, tmp_path, argv, message):
    out, png = tmp_path / "x.npz", tmp_path / "x.png"
    code, stdout, err = run_cli(capsys, "basin", "-f", "x^2+y^2", *argv, "--out", str(out), "--png", str(png))
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert os.listdir(tmp_path) == []


def test_bad_function_and_unwritable_output(capsys, tmp_path):
    code, _, err = run_cli(capsys, "basin", "-f", "x^2", "--grid", "4,4", "--range", "-1:1,-1:1", "--out", str(tmp_path / "a.npz"))
    assert code == 2 and err == "error: basin needs a function of x and y\n"
    code, _, err = run_cli(capsys, "basin", "-f", "x^2+y^2", "--grid", "4,4", "--range", "-1:1,-1:1",
                           "--out", str(tmp_path / "missing" / "a.npz"))
    assert code == 2 and err.startswith("error: cannot write") and err.count("\n") == 1
    assert os.listdir(tmp_path) == []
