"""Draw the guide's header images (banners) without any imaging library.

Run once; the PNGs are committed.  Each banner is a diagonal two-colour gradient
with soft circles, 1200×320; ``inspiration-5`` also gets an SVG twin, so HTML
uses the SVG and the PDF the PNG.
"""

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "_static" / "img" / "headers"
PALETTES = {
    "inspiration-1": ((20, 60, 120), (40, 160, 190)),
    "inspiration-2": ((90, 30, 110), (220, 90, 120)),
    "inspiration-3": ((10, 90, 70), (120, 200, 120)),
    "inspiration-4": ((120, 60, 10), (240, 180, 60)),
    "inspiration-5": ((15, 40, 80), (60, 110, 200)),
}
WIDTH, HEIGHT = 1200, 320


def png(width, height, pixel) -> bytes:
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def banner(start, end):
    circles = [(0.2, 0.3, 0.25), (0.75, 0.8, 0.3), (0.9, 0.1, 0.15)]

    def pixel(x, y):
        t = (x / WIDTH + y / HEIGHT) / 2
        light = 0.0
        for cx, cy, r in circles:
            d = math.hypot(x / WIDTH - cx, (y / HEIGHT - cy) * HEIGHT / WIDTH)
            light += max(0.0, 1 - d / r) * 0.25
        return bytes(
            min(255, int(a + (b - a) * t + 255 * light * 0.5))
            for a, b in zip(start, end, strict=True)
        )

    return pixel


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (start, end) in PALETTES.items():
        (OUT / f"{name}.png").write_bytes(png(WIDTH, HEIGHT, banner(start, end)))
    s, e = PALETTES["inspiration-5"]
    (OUT / "inspiration-5.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="rgb{s}"/><stop offset="1" stop-color="rgb{e}"/>'
        f'</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>'
        f'<circle cx="240" cy="96" r="300" fill="#fff" opacity=".08"/>'
        f'<circle cx="900" cy="256" r="360" fill="#fff" opacity=".06"/></svg>\n',
        "utf-8",
    )


if __name__ == "__main__":
    main()
