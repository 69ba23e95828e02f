"""Backbone's two Teams icons, drawn here: three vertebrae on a spine, the middle one bolder.

Teams wants a full-colour 192×192 PNG and a 32×32 outline (white on transparent). Both are drawn
from the same shapes with a small anti-aliased rasteriser and written as PNG with zlib alone, so
the package needs no image library and is the same bytes on every machine.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

ACCENT = (0x1F, 0x6F, 0x5C)  # the manifest's accentColor, #1F6F5C
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # 4×4 samples a pixel: smooth edges at 32 pixels
# Three vertebrae as rounded bars: centre y, half width, half height (in a unit square).
BARS = ((0.27, 0.30, 0.085), (0.50, 0.36, 0.095), (0.73, 0.30, 0.085))
SPINE = (0.12, 0.88, 0.04)  # from y, to y, half width
Rgba = tuple[int, int, int, int]


def _in_bar(x: float, y: float, margin: float) -> bool:
    """Tell whether a point (unit square) is inside a bar or the spine, grown by `margin`."""
    top, bottom, half = SPINE
    if top <= y <= bottom and abs(x - 0.5) <= half + margin:
        return True
    for centre, half_w, half_h in BARS:
        radius = half_h + margin
        dx = max(abs(x - 0.5) - (half_w - half_h), 0.0)
        if dx * dx + (y - centre) ** 2 <= radius * radius:
            return True
    return False


def _in_tile(x: float, y: float) -> bool:
    """The colour icon's rounded square background."""
    radius, inset = 0.18, 0.0
    dx = max(abs(x - 0.5) - (0.5 - radius - inset), 0.0)
    dy = max(abs(y - 0.5) - (0.5 - radius - inset), 0.0)
    return dx * dx + dy * dy <= radius * radius


def _coverage(size: int, inside: Callable[[float, float], bool]) -> list[list[float]]:
    """How much of each pixel a shape covers, from 0 to 1."""
    step = 1.0 / (size * SAMPLES)
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = sum(
                inside((px * SAMPLES + sx + 0.5) * step, (py * SAMPLES + sy + 0.5) * step)
                for sy in range(SAMPLES)
                for sx in range(SAMPLES)
            )
            row.append(hits / SAMPLES**2)
        rows.append(row)
    return rows


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: white vertebrae on the accent colour's rounded square."""
    tile = _coverage(size, _in_tile)
    bars = _coverage(size, lambda x, y: _in_bar(x, y, 0.0))
    pixels = [
        [_mix(ACCENT, WHITE, b, alpha=t) for t, b in zip(trow, brow, strict=True)]
        for trow, brow in zip(tile, bars, strict=True)
    ]
    return _png(pixels)


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: the vertebrae alone, white on transparent, as Teams asks."""
    bars = _coverage(size, lambda x, y: _in_bar(x, y, 0.01))
    return _png([[(*WHITE, round(255 * b)) for b in row] for row in bars])


def _mix(
    base: tuple[int, int, int], top: tuple[int, int, int], amount: float, alpha: float
) -> Rgba:
    r, g, b = (round(lo + (hi - lo) * amount) for lo, hi in zip(base, top, strict=True))
    return (r, g, b, round(255 * alpha))


def _png(pixels: list[list[Rgba]]) -> bytes:
    """Encode RGBA rows as a PNG (8 bits a channel, no filter)."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
