"""A GIF encoder in numpy and Numba: no imaging library in the frozen bundle (Pillow's core and
its libraries would add 8.4 MiB to a bundle 3 MiB under its budget; Numba is there anyway).

A frame gets its own palette of at most 256 colours (a local colour table), so colours stay true
as the picture changes: the frame's exact colours when it has no more than 256, else a median cut
of its colour histogram (6 bits a channel), each box's colour the mean of the pixels in it. The
palette indices are LZW-compressed as the GIF 89a specification says (variable-length codes of 9
to 12 bits, a clear code when the table is full).
"""
from __future__ import annotations

import struct

import numpy as np

from gdexplorer.core.jit import inline, jit

COLOURS = 256
MIN_CODE_SIZE = 8  # bits of a palette index (GIF's LZW minimum code size)
CLEAR, END = 256, 257
MAX_CODES = 4096
HIST_BITS = 6  # a channel's bits in the histogram the median cut divides


# -- palette ------------------------------------------------------------------------------------------
def palette_of(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(palette (n <= 256, 3) uint8, indices (h, w) uint8) for an (h, w, 3) uint8 image."""
    pixels = rgb.reshape(-1, 3)
    shift = 8 - HIST_BITS
    key = ((pixels[:, 0].astype(np.int32) >> shift) << (2 * HIST_BITS)
           | (pixels[:, 1].astype(np.int32) >> shift) << HIST_BITS
           | (pixels[:, 2].astype(np.int32) >> shift))
    counts = np.bincount(key, minlength=1 << (3 * HIST_BITS))
    occupied = np.flatnonzero(counts)
    if occupied.size <= COLOURS:  # maybe few enough colours to keep them all
        exact = _exact_palette(pixels, key, occupied, shift)
        if exact is not None:
            palette, indices = exact
            return palette, indices.reshape(rgb.shape[:2])
    sums = np.stack([np.bincount(key, weights=pixels[:, c], minlength=counts.size)[occupied] for c in range(3)], axis=1)
    weights = counts[occupied].astype(np.float64)
    means = sums / weights[:, None]  # each occupied bin's mean colour
    boxes = median_cut(means, weights, COLOURS)
    lut = np.zeros(counts.size, dtype=np.uint8)
    palette = np.empty((len(boxes), 3), dtype=np.uint8)
    for i, members in enumerate(boxes):
        lut[occupied[members]] = i
        palette[i] = np.clip(np.rint(sums[members].sum(axis=0) / weights[members].sum()), 0, 255)
    return palette, lut[key].reshape(rgb.shape[:2])


def _exact_palette(pixels: np.ndarray, key: np.ndarray, occupied: np.ndarray, shift: int):
    """(the image's own colours, indices) when it has at most 256, else None. Its histogram bins
    are few (<= 256): a colour is its bin's rank and the bits the bin left out, a small number to
    count (np.unique would sort every pixel: 0.4 s at 1080p)."""
    rank = np.zeros(1 << (3 * HIST_BITS), dtype=np.int32)
    rank[occupied] = np.arange(occupied.size)
    mask = (1 << shift) - 1
    low = ((pixels[:, 0] & mask).astype(np.int32) << (2 * shift) | (pixels[:, 1] & mask).astype(np.int32) << shift
           | (pixels[:, 2] & mask))
    code = rank[key] << (3 * shift) | low
    counts = np.bincount(code, minlength=occupied.size << (3 * shift))
    present = np.flatnonzero(counts)
    if present.size > COLOURS:
        return None
    lut = np.zeros(counts.size, dtype=np.uint8)
    lut[present] = np.arange(present.size)
    bins, bits = occupied[present >> (3 * shift)], present & ((1 << (3 * shift)) - 1)
    top = (1 << HIST_BITS) - 1
    high = [(bins >> (2 * HIST_BITS)) & top, (bins >> HIST_BITS) & top, bins & top]
    lows = [bits >> (2 * shift), (bits >> shift) & mask, bits & mask]
    palette = np.stack([h << shift | lo for h, lo in zip(high, lows)], axis=1).astype(np.uint8)
    return palette, lut[code]


def median_cut(colours: np.ndarray, weights: np.ndarray, count: int) -> list[np.ndarray]:
    """Split ``colours`` (n, 3), weighted, into at most ``count`` boxes (arrays of their rows): the
    box with the largest weighted squared error is split at its weighted median along its axis of
    largest variance, until there are ``count`` boxes or none can be split."""
    def scored(members: np.ndarray):
        w = weights[members]
        c = colours[members]
        mean = (c * w[:, None]).sum(axis=0) / w.sum()
        spread = ((c - mean) ** 2 * w[:, None]).sum(axis=0)
        return float(spread.sum()) if members.size > 1 else -1.0, int(np.argmax(spread)), members

    boxes = [scored(np.arange(len(colours)))]
    while len(boxes) < count:
        k = max(range(len(boxes)), key=lambda i: boxes[i][0])
        error, axis, members = boxes[k]
        if error <= 0:
            break
        order = members[np.argsort(colours[members, axis], kind="stable")]
        cumulative = np.cumsum(weights[order])
        cut = int(np.searchsorted(cumulative, cumulative[-1] / 2))
        cut = min(max(cut, 1), order.size - 1)  # both halves non-empty
        boxes[k] = scored(order[:cut])
        boxes.append(scored(order[cut:]))
    return [members for _, _, members in boxes]


# -- LZW --------------------------------------------------------------------------------------------------
@inline
def _emit(out, n_out, bits, n_bits, code, code_size):
    """Append ``code`` (``code_size`` bits) to the bit buffer and write its whole bytes out."""
    bits |= np.uint64(code) << np.uint64(n_bits)
    n_bits += code_size
    while n_bits >= 8:
        out[n_out] = np.uint8(bits & np.uint64(255))
        n_out += 1
        bits >>= np.uint64(8)
        n_bits -= 8
    return n_out, bits, n_bits


@jit
def lzw_encode(indices: np.ndarray) -> np.ndarray:
    """GIF LZW of a flat uint8 index array (minimum code size 8), as packed bytes (LSB first)."""
    child = np.full((MAX_CODES, COLOURS), -1, dtype=np.int16)  # child[code, index] -> code of code + index
    out = np.zeros(indices.size * 2 + 16, dtype=np.uint8)  # 12 bits a code at worst, one code a pixel
    n_out = 0
    bits = np.uint64(0)
    n_bits = 0
    code_size = MIN_CODE_SIZE + 1
    next_code = END + 1
    n_out, bits, n_bits = _emit(out, n_out, bits, n_bits, CLEAR, code_size)
    prefix = np.int64(indices[0]) if indices.size else np.int64(-1)
    for i in range(1, indices.size):
        k = indices[i]
        c = child[prefix, k]
        if c >= 0:
            prefix = c
            continue
        n_out, bits, n_bits = _emit(out, n_out, bits, n_bits, prefix, code_size)
        if next_code < MAX_CODES:
            child[prefix, k] = next_code
            next_code += 1
            if next_code > (1 << code_size) and code_size < 12:
                code_size += 1
        else:  # the table is full: start a new one
            n_out, bits, n_bits = _emit(out, n_out, bits, n_bits, CLEAR, code_size)
            child[:, :] = -1
            code_size = MIN_CODE_SIZE + 1
            next_code = END + 1
        prefix = np.int64(k)
    if prefix >= 0:
        n_out, bits, n_bits = _emit(out, n_out, bits, n_bits, prefix, code_size)
        if next_code < MAX_CODES:  # the decoder adds an entry for this code too: it may widen the end code
            next_code += 1
            if next_code > (1 << code_size) and code_size < 12:
                code_size += 1
    n_out, bits, n_bits = _emit(out, n_out, bits, n_bits, END, code_size)
    if n_bits > 0:  # the last partial byte
        out[n_out] = np.uint8(bits & np.uint64(255))
        n_out += 1
    return out[:n_out]


def sub_blocks(data: bytes) -> bytes:
    """``data`` as GIF data sub-blocks (a length byte, up to 255 bytes) and the block terminator."""
    parts = [bytes((len(data[i:i + 255]),)) + data[i:i + 255] for i in range(0, len(data), 255)]
    return b"".join(parts) + b"\x00"


# -- the file ---------------------------------------------------------------------------------------------
def header(width: int, height: int, loops: int = 0) -> bytes:
    """GIF 89a, no global colour table (each frame has its own), looping ``loops`` times (0: for ever)."""
    screen = struct.pack("<6sHHBBB", b"GIF89a", width, height, 0, 0, 0)
    loop = b"!\xff\x0bNETSCAPE2.0" + struct.pack("<BBHB", 3, 1, loops, 0)
    return screen + loop


def frame(rgb: np.ndarray, left: int = 0, top: int = 0, delay_cs: int = 5) -> bytes:
    """One image of (h, w, 3) uint8 ``rgb`` at (left, top), shown ``delay_cs`` hundredths of a
    second, left in place under the next ("do not dispose")."""
    palette, indices = palette_of(rgb)
    table = np.zeros((COLOURS, 3), dtype=np.uint8)
    table[:len(palette)] = palette
    height, width = indices.shape
    control = b"!\xf9\x04" + struct.pack("<BHBB", 1 << 2, delay_cs, 0, 0)
    descriptor = b"," + struct.pack("<HHHHB", left, top, width, height, 0x80 | 7)  # a local table of 2^(7+1) colours
    data = lzw_encode(np.ascontiguousarray(indices).reshape(-1)).tobytes()
    return control + descriptor + table.tobytes() + bytes((MIN_CODE_SIZE,)) + sub_blocks(data)


TRAILER = b";"
