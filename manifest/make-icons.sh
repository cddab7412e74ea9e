#!/bin/sh
# Regenerates the Teams app icons next to this script:
#   color.png    192x192 full colour: teal-to-indigo rounded square with two white arrows
#                (project work handed over to operations and back)
#   outline.png  32x32 white on transparent: the same arrows inside a rounded-square outline
# Needs only python3 (standard library: zlib, struct). Usage: sh manifest/make-icons.sh
set -eu
cd "$(dirname "$0")"

python3 - <<'PY'
import struct, zlib

def png(path, w, h, pixels):
    """pixels: list of rows, each a list of (r, g, b, a) tuples; written as 8-bit RGBA."""
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))

def in_rounded_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def in_convex(x, y, pts):
    """Point inside a convex polygon given counter- or clockwise."""
    sign = 0
    for i in range(len(pts)):
        (ax, ay), (bx, by) = pts[i], pts[(i + 1) % len(pts)]
        cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
        if cross != 0:
            s = 1 if cross > 0 else -1
            if sign == 0:
                sign = s
            elif s != sign:
                return False
    return True

# Arrow geometry on a 32-unit grid (1 unit = 1 pixel of the outline icon, 6 pixels of the colour one).
def arrow(y_mid, pointing_right):
    half_shaft, half_head = 1.5, 4.0
    if pointing_right:
        shaft = [(8, y_mid - half_shaft), (19, y_mid - half_shaft), (19, y_mid + half_shaft), (8, y_mid + half_shaft)]
        head = [(19, y_mid - half_head), (24, y_mid), (19, y_mid + half_head)]
    else:
        shaft = [(13, y_mid - half_shaft), (24, y_mid - half_shaft), (24, y_mid + half_shaft), (13, y_mid + half_shaft)]
        head = [(13, y_mid - half_head), (8, y_mid), (13, y_mid + half_head)]
    return [shaft, head]

ARROWS = arrow(11.5, True) + arrow(20.5, False)

def in_arrows(u, v):
    return any(in_convex(u, v, poly) for poly in ARROWS)

def render(size, samples, shade):
    """shade(u, v) -> (r, g, b, a) or None for a point in 32-unit coordinates; box-filtered."""
    scale = 32.0 / size
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(samples):
                for sx in range(samples):
                    u = (px + (sx + 0.5) / samples) * scale
                    v = (py + (sy + 0.5) / samples) * scale
                    c = shade(u, v)
                    if c:
                        a = c[3] / 255.0
                        acc[0] += c[0] * a; acc[1] += c[1] * a; acc[2] += c[2] * a; acc[3] += a
            n = samples * samples
            alpha = acc[3] / n
            if alpha == 0:
                row.append((0, 0, 0, 0))
            else:
                row.append(tuple(round(acc[i] / acc[3]) for i in range(3)) + (round(alpha * 255),))
        rows.append(row)
    return rows

TEAL, INDIGO, WHITE = (0x1F, 0x7A, 0x8C), (0x3F, 0x4F, 0xA8), (255, 255, 255)

def color_shade(u, v):
    if not in_rounded_rect(u, v, 0, 0, 32, 32, 6.5):
        return None
    if in_arrows(u, v):
        return WHITE + (255,)
    t = min(max((u + v) / 64.0, 0.0), 1.0)  # diagonal gradient, top-left teal to bottom-right indigo
    return tuple(round(TEAL[i] + (INDIGO[i] - TEAL[i]) * t) for i in range(3)) + (255,)

def outline_shade(u, v):
    ring = in_rounded_rect(u, v, 1, 1, 31, 31, 6) and not in_rounded_rect(u, v, 3, 3, 29, 29, 4)
    if ring or in_arrows(u, v):
        return WHITE + (255,)
    return None

png("color.png", 192, 192, render(192, 4, color_shade))
png("outline.png", 32, 32, render(32, 8, outline_shade))
PY

echo "wrote $(pwd)/color.png (192x192) and $(pwd)/outline.png (32x32)"
