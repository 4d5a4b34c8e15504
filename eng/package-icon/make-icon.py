#!/usr/bin/env python3
"""Draws eng/package-icon/icon.png, the icon of every LlmCompiler package, with nothing but the standard library.

The picture is the product in one glance: three steps of a workflow (rounded boxes) joined by arrows, on a
rounded tile. It is drawn at 4x and averaged down for smooth edges; the output is the same bytes on every run,
so re-running the script changes nothing unless the drawing changes.

    python3 eng/package-icon/make-icon.py
"""
import os
import struct
import zlib

SIZE = 128  # NuGet shows icons at up to 128x128 and asks for at least that.
SCALE = 4  # supersampling factor for anti-aliasing

TILE = (38, 70, 140)  # deep blue
BOX = (255, 255, 255)
ACCENT = (255, 183, 77)  # the model step
EDGE = (190, 210, 240)


def inside_rounded_rect(x, y, left, top, right, bottom, radius):
    if x < left or x > right or y < top or y > bottom:
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_segment(x, y, x0, y0, x1, y1, half_width):
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / length2))
    px, py = x0 + t * dx, y0 + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= half_width ** 2


def inside_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def shape_color(x, y):
    """The colour at (x, y) in icon units (0..128), or None outside the tile."""
    if not inside_rounded_rect(x, y, 4, 4, 124, 124, 24):
        return None
    # Three steps, top to bottom; the middle one is the model step.
    boxes = [((30, 16, 98, 40), BOX), ((30, 52, 98, 76), ACCENT), ((30, 88, 98, 112), BOX)]
    for (left, top, right, bottom), color in boxes:
        if inside_rounded_rect(x, y, left, top, right, bottom, 7):
            return color
    # Arrows between them, down the middle.
    for top, bottom in ((40, 52), (76, 88)):
        if inside_segment(x, y, 64, top, 64, bottom - 5, 2.2):
            return EDGE
        if inside_triangle(x, y, (57, bottom - 6), (71, bottom - 6), (64, bottom)):
            return EDGE
    return TILE


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # PNG filter type: none
        for px in range(SIZE):
            r = g = b = a = 0
            for sy in range(SCALE):
                for sx in range(SCALE):
                    color = shape_color(px + (sx + 0.5) / SCALE, py + (sy + 0.5) / SCALE)
                    if color is not None:
                        r, g, b, a = r + color[0], g + color[1], b + color[2], a + 1
            samples = SCALE * SCALE
            # Colour averaged over the covered samples (straight alpha), coverage as alpha.
            row += bytes([r // a, g // a, b // a, 255 * a // samples] if a else [0, 0, 0, 0])
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(render(), 9)) + chunk(b"IEND", b"")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(path, "wb") as output:
        output.write(png)
    print(f"{path}: {len(png)} bytes")


if __name__ == "__main__":
    main()
