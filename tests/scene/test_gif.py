"""The GIF encoder (scene/gif.py) against Pillow's decoder, an independent reference: exact
pictures when there are at most 256 colours, a palette as good as Pillow's own median cut when
there are more, and LZW through many table resets."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from gdexplorer.scene import gif

RNG = np.random.default_rng(13)


def decoded(rgb: np.ndarray) -> np.ndarray:
    data = gif.header(rgb.shape[1], rgb.shape[0]) + gif.frame(rgb) + gif.TRAILER
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGB"))


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (3, 5), (64, 64), (301, 407)])
def test_up_to_256_colours_come_back_exactly(shape):
    palette = RNG.integers(0, 256, (256, 3), dtype=np.uint8)
    rgb = palette[RNG.integers(0, 256, shape)]
    np.testing.assert_array_equal(decoded(rgb), rgb)


def test_long_runs_fill_and_reset_the_code_table():
    """A large picture of few colours in long runs: thousands of codes, the table full many times."""
    rgb = np.zeros((600, 800, 3), dtype=np.uint8)
    rgb[::7, :, 1] = 200
    rgb[:, ::13, 0] = 90
    rgb[100:300, 200:500] = RNG.integers(0, 2, (200, 300, 1)) * np.array([255, 255, 0], dtype=np.uint8)
    np.testing.assert_array_equal(decoded(rgb), rgb)


def test_every_code_width_from_9_to_12_bits_decodes():
    """Noise over 256 colours: no run repeats, the table grows one code a pixel through 9..12 bits."""
    for n in (254, 255, 256, 257, 511, 512, 513, 1023, 1024, 2047, 2048, 3838, 3839, 3840, 4095, 4096, 9000):
        palette = RNG.integers(0, 256, (256, 3), dtype=np.uint8)
        rgb = palette[RNG.integers(0, 256, (1, n))]
        np.testing.assert_array_equal(decoded(rgb), rgb, err_msg=f"{n} pixels")


def test_many_colours_are_cut_as_well_as_pillow_cuts_them():
    """A smooth three-colour gradient (300 x 400 distinct colours): the median cut's error is no
    worse than Pillow's own median cut's (quantize(256, MEDIANCUT, no dithering))."""
    y, x = np.mgrid[0:300, 0:400]
    rgb = np.stack([x * 255 // 399, y * 255 // 299, (x + y) * 255 // 698], axis=-1).astype(np.uint8)
    ours = np.abs(decoded(rgb).astype(int) - rgb).mean()
    pillow = Image.fromarray(rgb).quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    theirs = np.abs(np.asarray(pillow.convert("RGB")).astype(int) - rgb).mean()
    assert ours <= 1.2 * theirs and ours < 4


def test_a_palette_holds_at_most_256_colours_and_indexes_them():
    rgb = RNG.integers(0, 256, (50, 60, 3), dtype=np.uint8)
    palette, indices = gif.palette_of(rgb)
    assert palette.shape == (256, 3) and indices.shape == (50, 60) and indices.dtype == np.uint8
    assert np.abs(palette[indices].astype(int) - rgb).mean() < 20  # random colours: the worst case
