"""Deterministic stand-in for the course's cat / non-cat pictures.

The original 64x64 photographs cannot be shipped, so the course ships pictures drawn
by this module instead: cats (faces, sitting, lying; many coats, eyes and poses) and
non-cats (dogs, rabbits, mice, bears, birds, fish, objects, landscapes, and hard
negatives such as cat-coloured objects and round-eared faces), on varied backgrounds
with clutter. Nothing is downloaded and no third-party image is used.

Everything is NumPy: each picture is painted on a supersampled canvas (``SS`` x the
final size, in floats) with analytic shapes (ellipses, polygons, tapered strokes),
then box-filtered down to 64x64, which anti-aliases the edges. Each picture draws
from its own ``np.random.default_rng((seed, index))``.

Reproducibility: pixel maths uses only +, -, *, /, comparisons, ``np.abs`` and
``np.mod``; no array-wide transcendental function or ``np.power``, whose SIMD
versions can differ in the last bit from one CPU to another. Scalars (shape angles)
go through ``math``; a different C library may round those differently in the last
bit, which moves an edge by far less than a sub-pixel (tests/test_catgen.py
tolerates 1 grey level on 0.5 % of the values).

Calibration: the scene mix (80 % of cats are portraits, cats mostly indoors, dogs and
bears as look-alike negatives, photo-like exposure and noise) makes the course's
lessons hold on average over seeds (logistic regression ~66 % test, 2-layer ~69 %,
4-layer ~73 %); the default seeds are a draw where they hold with a clear margin.
Run ``python -m autograder.datasets.calibrate`` after any change here.

Public API: ``generate_split(n, n_cats, seed)`` and ``generate_catvnoncat()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

SIZE = 64
"""Side of a picture in pixels, as in the course."""
SS = 4
"""Supersampling factor: shapes are painted on a (SIZE*SS)^2 canvas, then averaged down."""

TRAIN_SIZE, TRAIN_CATS, TRAIN_SEED = 209, 72, 1003
TEST_SIZE, TEST_CATS, TEST_SEED = 50, 33, 5003
CLASSES = np.array([b"non-cat", b"cat"], dtype="S7")
"""The ``list_classes`` of the course files: label 0 is non-cat, label 1 is cat."""

Colour = np.ndarray  # (3,) floats in [0, 1]
Mask = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""inside(x (1, w), y (h, 1)) -> (h, w) bool; coordinates in output pixels."""


# =========================================================================== canvas and shapes


@dataclass(frozen=True)
class Shape:
    """A region of the picture: a bounding box ``(x0, y0, x1, y1)`` in output pixels and
    an ``inside`` test evaluated on sample positions within that box."""

    bbox: tuple[float, float, float, float]
    inside: Mask


class Canvas:
    """A supersampled RGB picture: ``rgb`` is ``(SIZE*SS, SIZE*SS, 3)`` floats in [0, 1].

    Shapes are given in output-pixel units (0..64); each supersample sits at the
    centre of its sub-pixel.
    """

    def __init__(self, ss: int = SS):
        self.ss = ss
        self.n = SIZE * ss
        self.rgb = np.zeros((self.n, self.n, 3))
        self.centres = (np.arange(self.n) + 0.5) / ss

    def region(self, bbox):
        """Sample coordinates ``x (1, w)``, ``y (h, 1)`` and the slice covering ``bbox``, or None."""
        x0, y0, x1, y1 = bbox
        i0 = max(0, int(math.floor(x0 * self.ss)))
        i1 = min(self.n, int(math.ceil(x1 * self.ss)) + 1)
        j0 = max(0, int(math.floor(y0 * self.ss)))
        j1 = min(self.n, int(math.ceil(y1 * self.ss)) + 1)
        if i0 >= i1 or j0 >= j1:
            return None
        x = self.centres[i0:i1][None, :]
        y = self.centres[j0:j1][:, None]
        return x, y, (slice(j0, j1), slice(i0, i1))

    def paint(self, shape: Shape, colour, alpha: float = 1.0) -> None:
        """Cover ``shape`` with ``colour`` (a (3,) colour or a shader ``f(x, y) -> (h, w, 3)``),
        blended with opacity ``alpha``."""
        found = self.region(shape.bbox)
        if found is None:
            return
        x, y, window = found
        mask = shape.inside(x, y)
        if not mask.any():
            return
        if callable(colour):
            colour = colour(x, y)[mask]
        target = self.rgb[window]
        target[mask] = target[mask] * (1.0 - alpha) + np.asarray(colour) * alpha

    def fill(self, shader) -> None:
        """Set every sample from ``shader(x (1, n), y (n, 1)) -> (n, n, 3)``."""
        self.rgb[:] = shader(self.centres[None, :], self.centres[:, None])

    def to_pixels(self) -> np.ndarray:
        """Box-filter down to ``(SIZE, SIZE, 3)`` floats: the anti-aliasing step."""
        return self.rgb.reshape(SIZE, self.ss, SIZE, self.ss, 3).mean(axis=(1, 3))


def ellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0) -> Shape:
    """Filled ellipse centred at (cx, cy), radii (rx, ry), rotated by ``angle`` radians."""
    c, s = math.cos(angle), math.sin(angle)
    reach = max(rx, ry)

    def inside(x, y):
        dx, dy = x - cx, y - cy
        u = (c * dx + s * dy) / rx
        v = (c * dy - s * dx) / ry
        return u * u + v * v <= 1.0

    return Shape((cx - reach, cy - reach, cx + reach, cy + reach), inside)


def int_power(a: np.ndarray, k: int) -> np.ndarray:
    """``a ** k`` for a small integer ``k`` by repeated multiplication: ``np.power`` may use
    a SIMD ``pow`` whose last bit depends on the CPU."""
    out = a
    for _ in range(k - 1):
        out = out * a
    return out


def superellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, power: int = 4) -> Shape:
    """A rounded rectangle: ``|u/rx|^p + |v/ry|^p <= 1`` with an even integer ``power``."""
    c, s = math.cos(angle), math.sin(angle)
    reach = math.hypot(rx, ry)

    def inside(x, y):
        dx, dy = x - cx, y - cy
        u = (c * dx + s * dy) / rx
        v = (c * dy - s * dx) / ry
        return int_power(u * u, power // 2) + int_power(v * v, power // 2) <= 1.0

    return Shape((cx - reach, cy - reach, cx + reach, cy + reach), inside)


def polygon(points: list[tuple[float, float]]) -> Shape:
    """Filled polygon (even-odd rule) through ``points`` in order."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    edges = [(points[i], points[(i + 1) % len(points)]) for i in range(len(points))]
    edges = [(a, b) for a, b in edges if a[1] != b[1]]  # horizontal edges never cross a ray

    def inside(x, y):
        result = np.zeros(np.broadcast_shapes(x.shape, y.shape), dtype=bool)
        for (xa, ya), (xb, yb) in edges:
            spans = (ya > y) != (yb > y)
            crossing = x < xa + (xb - xa) * (y - ya) / (yb - ya)
            result ^= spans & crossing
        return result

    return Shape((min(xs), min(ys), max(xs), max(ys)), inside)


def rectangle(x0: float, y0: float, x1: float, y1: float) -> Shape:
    """Axis-aligned filled rectangle."""
    return Shape((x0, y0, x1, y1), lambda x, y: (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))


def stroke(points: list[tuple[float, float]], radii: float | Sequence[float]) -> Shape:
    """A tapered thick polyline: the union of capsules between consecutive ``points``,
    with radius going linearly from ``radii[i]`` to ``radii[i + 1]`` (or one radius)."""
    radii = [radii] * len(points) if isinstance(radii, (int, float)) else list(radii)
    pad = max(radii)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    segments = list(zip(points[:-1], points[1:], radii[:-1], radii[1:], strict=True))

    def inside(x, y):
        result = np.zeros(np.broadcast_shapes(x.shape, y.shape), dtype=bool)
        for (xa, ya), (xb, yb), ra, rb in segments:
            ex, ey = xb - xa, yb - ya
            length2 = ex * ex + ey * ey or 1e-12
            t = np.clip(((x - xa) * ex + (y - ya) * ey) / length2, 0.0, 1.0)
            dx, dy = x - (xa + t * ex), y - (ya + t * ey)
            r = ra + t * (rb - ra)
            result |= dx * dx + dy * dy <= r * r
        return result

    return Shape((min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad), inside)


def bezier(p0, p1, p2, p3=None, steps: int = 10) -> list[tuple[float, float]]:
    """Points along a quadratic (or cubic, with ``p3``) Bezier curve, ends included."""
    out = []
    for k in range(steps + 1):
        t = k / steps
        if p3 is None:
            a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
            out.append((a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1]))
        else:
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


# =========================================================================== poses (local coordinates)


@dataclass(frozen=True)
class Pose:
    """Places a figure drawn in local units: image point = (x, y) + scale * R(angle) (±u, v).

    ``flip`` mirrors the figure left-right. Figures are designed with their main
    part (a head, a body) about one unit in radius around the local origin.
    """

    x: float
    y: float
    scale: float
    angle: float = 0.0
    flip: bool = False

    def point(self, u: float, v: float) -> tuple[float, float]:
        """Image coordinates of local point (u, v)."""
        if self.flip:
            u = -u
        c, s = math.cos(self.angle), math.sin(self.angle)
        return (self.x + self.scale * (c * u - s * v), self.y + self.scale * (s * u + c * v))

    def turn(self, a: float) -> float:
        """Image angle of a local angle ``a``."""
        return self.angle + (-a if self.flip else a)

    def local(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Local coordinates (u, v) of image sample positions (the inverse of ``point``)."""
        c, s = math.cos(self.angle), math.sin(self.angle)
        dx, dy = x - self.x, y - self.y
        u = (c * dx + s * dy) / self.scale
        v = (c * dy - s * dx) / self.scale
        return (-u if self.flip else u), v

    def ellipse(self, u, v, ru, rv, a=0.0) -> Shape:
        """Local ellipse at (u, v) with radii (ru, rv), turned by ``a``."""
        return ellipse(*self.point(u, v), ru * self.scale, rv * self.scale, self.turn(a))

    def box(self, u, v, ru, rv, a=0.0, power=4) -> Shape:
        """Local rounded rectangle (superellipse)."""
        return superellipse(*self.point(u, v), ru * self.scale, rv * self.scale, self.turn(a), power)

    def polygon(self, points) -> Shape:
        """Local polygon."""
        return polygon([self.point(u, v) for u, v in points])

    def stroke(self, points: Sequence[tuple[float, float]], radii: float | Sequence[float]) -> Shape:
        """Local tapered polyline."""
        radii = radii * self.scale if isinstance(radii, (int, float)) else [r * self.scale for r in radii]
        return stroke([self.point(u, v) for u, v in points], radii)


# =========================================================================== colours and textures


def rgb(*values: float) -> Colour:
    """A colour from 0..255 components."""
    return np.array(values, dtype=np.float64) / 255.0


def jitter(rng: np.random.Generator, colour: Colour, amount: float = 0.06) -> Colour:
    """``colour`` with small independent per-channel changes, clipped to [0, 1]."""
    return np.clip(colour + rng.uniform(-amount, amount, 3), 0.0, 1.0)


def scale_colour(colour: Colour, factor: float) -> Colour:
    """Darker (factor < 1) or lighter (> 1) version of ``colour``."""
    return np.clip(colour * factor, 0.0, 1.0)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Linear blend from ``a`` (t = 0) to ``b`` (t = 1)."""
    return a * (1.0 - t) + b * t


def value_noise(rng: np.random.Generator, n: int, cells: int) -> np.ndarray:
    """Smooth random field ``(n, n)`` in [0, 1]: a random ``(cells+1)^2`` grid, bilinearly
    interpolated (with a smoothstep weight to hide the grid)."""
    grid = rng.random((cells + 1, cells + 1))
    t = (np.arange(n) + 0.5) * cells / n
    i = np.minimum(t.astype(int), cells - 1)
    f = t - i
    f = f * f * (3.0 - 2.0 * f)
    rows = grid[i] * (1.0 - f)[:, None] + grid[i + 1] * f[:, None]          # (n, cells+1)
    return rows[:, i] * (1.0 - f)[None, :] + rows[:, i + 1] * f[None, :]    # (n, n)


def lookup(field_: np.ndarray, x: np.ndarray, y: np.ndarray, ss: int = SS) -> np.ndarray:
    """Values of a canvas-sized field at sample positions ``x (1, w)``, ``y (h, 1)``."""
    n = field_.shape[0]
    i = np.minimum((x * ss).astype(int), n - 1)
    j = np.minimum((y * ss).astype(int), n - 1)
    return field_[j, i]


def triangle_wave(t: np.ndarray) -> np.ndarray:
    """Periodic 0..1..0 ramp with period 1 (a cheap, exact stand-in for a sine)."""
    return 2.0 * np.abs(np.mod(t, 1.0) - 0.5)


# =========================================================================== palettes

FUR = {
    "orange": rgb(222, 130, 52), "ginger": rgb(200, 105, 40), "cream": rgb(235, 205, 160),
    "black": rgb(32, 30, 32), "white": rgb(240, 238, 232), "grey": rgb(128, 128, 134),
    "blue-grey": rgb(110, 118, 132), "brown": rgb(120, 82, 52), "tan": rgb(168, 128, 88),
    "chocolate": rgb(80, 52, 36), "silver": rgb(180, 180, 184),
}
EYES = [rgb(120, 190, 60), rgb(220, 190, 40), rgb(235, 150, 30), rgb(90, 160, 220), rgb(160, 200, 80)]
PINK = rgb(232, 150, 160)
DARK = rgb(25, 20, 22)
WHITE = rgb(245, 245, 245)
BRIGHT = [rgb(210, 40, 40), rgb(40, 90, 200), rgb(240, 200, 30), rgb(40, 150, 70), rgb(150, 60, 170),
          rgb(240, 120, 20), rgb(30, 170, 190), rgb(230, 90, 150), rgb(90, 90, 100), rgb(245, 245, 240)]


def pick(rng: np.random.Generator, options: list):
    """One element of ``options``, uniformly."""
    return options[int(rng.integers(len(options)))]


def bright_colour(rng: np.random.Generator) -> Colour:
    """A saturated object colour (cars, balls, cups...)."""
    return jitter(rng, pick(rng, BRIGHT), 0.08)


# =========================================================================== coats (fur shaders)


@dataclass
class Coat:
    """How an animal is coloured. ``shader(pose)`` paints base colour, tabby stripes and
    calico patches in the animal's local coordinates, times a soft fur texture."""

    base: Colour
    stripe: Colour | None = None        # tabby stripe colour
    stripe_freq: float = 3.0            # stripes per local unit
    stripe_angle: float = 0.0
    patches: list = field(default_factory=list)  # (u, v, radius, colour), calico
    white: bool = False                 # white muzzle, chest and paws (tuxedo, bicolour)
    texture: np.ndarray | None = None   # canvas-sized field in [0, 1]
    texture_amount: float = 0.12

    def shader(self, pose: Pose):
        """``f(x, y) -> (h, w, 3)`` colouring samples of a figure placed by ``pose``."""

        def colour(x, y):
            u, v = pose.local(x, y)
            u, v = np.broadcast_arrays(u, v)
            out = np.broadcast_to(self.base, u.shape + (3,)).copy()
            if self.stripe is not None:
                c, s = math.cos(self.stripe_angle), math.sin(self.stripe_angle)
                phase = (c * u + s * v) * self.stripe_freq + 0.25 * triangle_wave(v * 1.3 + u * 0.4)
                out[np.mod(phase, 1.0) < 0.33] = self.stripe
            for pu, pv, pr, pc in self.patches:
                out[(u - pu) * (u - pu) + (v - pv) * (v - pv) <= pr * pr] = pc
            if self.texture is not None:
                t = lookup(self.texture, x, y)
                out *= (1.0 - self.texture_amount / 2 + self.texture_amount * t)[..., None]
            return out

        return colour

    @property
    def light(self) -> Colour:
        """A lighter tone of the base for muzzles and bellies."""
        return WHITE if self.white else np.clip(mix(self.base, WHITE, 0.35), 0, 1)


def random_coat(rng: np.random.Generator, texture: np.ndarray, kind: str = "cat") -> Coat:
    """A cat-like coat: solid, tabby, calico, tuxedo, bicolour or tortoiseshell.

    Dogs, rabbits and bears get coats from the same colours, so that colour alone
    does not tell a cat."""
    pattern = pick(rng, ["solid", "solid", "tabby", "tabby", "calico", "tuxedo", "bicolour", "tortie"])
    if kind != "cat" and pattern in ("calico", "tortie"):
        pattern = "bicolour"
    names = {"solid": ["orange", "black", "white", "grey", "brown", "cream", "blue-grey", "tan", "silver"],
             "tabby": ["orange", "ginger", "grey", "brown", "silver", "tan", "cream"],
             "bicolour": ["orange", "grey", "black", "brown", "tan"]}
    coat = Coat(base=FUR["white"], texture=texture, texture_amount=float(rng.uniform(0.08, 0.25)))
    if pattern in names:
        coat.base = jitter(rng, FUR[pick(rng, names[pattern])], 0.05)
    if pattern == "tabby":
        coat.stripe = scale_colour(coat.base, rng.uniform(0.45, 0.65))
        coat.stripe_freq = float(rng.uniform(2.2, 3.5))
        coat.stripe_angle = float(rng.uniform(-0.4, 0.4))
    elif pattern == "tuxedo":
        coat.base = jitter(rng, FUR["black"], 0.03)
        coat.white = True
    elif pattern == "bicolour":
        coat.white = True
    elif pattern in ("calico", "tortie"):
        coat.base = jitter(rng, FUR["white"] if pattern == "calico" else FUR["black"], 0.03)
        colours = [FUR["orange"], FUR["black"]] if pattern == "calico" else [FUR["ginger"], FUR["chocolate"]]
        for _ in range(int(rng.integers(4, 9))):
            coat.patches.append((rng.uniform(-1.5, 1.5), rng.uniform(-1.2, 3.0), rng.uniform(0.3, 0.8),
                                 jitter(rng, pick(rng, colours), 0.04)))
    return coat


# =========================================================================== cats


def draw_cat_ears(canvas: Canvas, rng: np.random.Generator, pose: Pose, coat: Coat) -> None:
    """Two pointed triangular ears with pink insides, drawn behind the head."""
    height = rng.uniform(0.85, 1.25)
    spread = rng.uniform(-0.1, 0.25)
    fur = coat.shader(pose)
    inner = jitter(rng, PINK, 0.05)
    for side in (-1, 1):
        base_out, base_in = (side * 0.95, -0.15), (side * 0.15, -0.78)
        tip = (side * (0.68 + spread), -0.25 - height)
        canvas.paint(pose.polygon([base_out, tip, base_in]), fur)
        centre = ((base_out[0] + tip[0] + base_in[0]) / 3, (base_out[1] + tip[1] + base_in[1]) / 3 + 0.08)
        shrunk = [(centre[0] + 0.58 * (p[0] - centre[0]), centre[1] + 0.58 * (p[1] - centre[1]))
                  for p in (base_out, tip, base_in)]
        canvas.paint(pose.polygon(shrunk), inner)


def draw_cat_eyes(canvas: Canvas, rng: np.random.Generator, pose: Pose, closed: bool) -> None:
    """Almond eyes with a coloured iris and a vertical slit pupil (or closed, sleeping)."""
    iris = jitter(rng, pick(rng, EYES), 0.05)
    pupil = rng.uniform(0.035, 0.09)            # slit width: narrow in daylight
    size = rng.uniform(0.17, 0.23)
    for side in (-1, 1):
        u, v, tilt = side * 0.4, -0.08, -side * 0.18
        if closed:
            canvas.paint(pose.stroke(bezier((u - 0.2, v), (u, v + 0.12), (u + 0.2, v), steps=6), 0.03), DARK)
            continue
        canvas.paint(pose.ellipse(u, v, size + 0.03, size * 0.8 + 0.03, tilt), DARK)
        canvas.paint(pose.ellipse(u, v, size, size * 0.8, tilt), iris)
        canvas.paint(pose.ellipse(u, v, pupil, size * 0.75), DARK)
        canvas.paint(pose.ellipse(u + 0.06, v - 0.06, 0.035, 0.035), WHITE)


def draw_cat_muzzle(canvas: Canvas, rng: np.random.Generator, pose: Pose, coat: Coat) -> None:
    """Muzzle pads, pink nose, the 'w' mouth and whiskers."""
    canvas.paint(pose.ellipse(-0.15, 0.36, 0.2, 0.15), coat.light)
    canvas.paint(pose.ellipse(0.15, 0.36, 0.2, 0.15), coat.light)
    nose = DARK if rng.random() < 0.2 else jitter(rng, PINK, 0.06)
    canvas.paint(pose.polygon([(-0.12, 0.17), (0.12, 0.17), (0.0, 0.3)]), nose)
    line = scale_colour(coat.base, 0.4) if not coat.white else DARK
    canvas.paint(pose.stroke([(0, 0.29), (0, 0.37)], 0.022), line)
    canvas.paint(pose.stroke(bezier((-0.17, 0.41), (-0.06, 0.46), (0.0, 0.37), steps=5), 0.02), line)
    canvas.paint(pose.stroke(bezier((0.17, 0.41), (0.06, 0.46), (0.0, 0.37), steps=5), 0.02), line)
    whisker = rgb(250, 250, 250) if coat.base.mean() < 0.75 else rgb(90, 90, 90)
    reach = rng.uniform(1.1, 1.45)
    for side in (-1, 1):
        for k in range(3):
            start = (side * 0.28, 0.32 + 0.05 * k)
            end = (side * reach, 0.12 + 0.17 * k + rng.uniform(-0.05, 0.05))
            canvas.paint(pose.stroke(bezier(start, (side * 0.7, 0.3 + 0.08 * k), end, steps=4), 0.014), whisker)


def draw_cat_head(canvas: Canvas, rng: np.random.Generator, pose: Pose, coat: Coat,
                  closed: bool = False) -> None:
    """A cat head of radius ~1 local unit at the pose origin: ears, face, eyes, muzzle."""
    draw_cat_ears(canvas, rng, pose, coat)
    fur = coat.shader(pose)
    canvas.paint(pose.ellipse(0, 0, 1.0, 0.85), fur)
    canvas.paint(pose.ellipse(0, 0.22, 1.06, 0.55), fur)          # cheek fluff: cats' faces widen low
    if coat.white:
        canvas.paint(pose.polygon([(-0.12, -0.55), (0.12, -0.55), (0.42, 0.2), (-0.42, 0.2)]), WHITE)
        canvas.paint(pose.ellipse(0, 0.4, 0.5, 0.38), WHITE)
    if coat.stripe is not None:  # the tabby 'M' on the forehead
        m = [(-0.35, -0.35), (-0.2, -0.65), (0.0, -0.4), (0.2, -0.65), (0.35, -0.35)]
        canvas.paint(pose.stroke(m, 0.05), coat.stripe)
    draw_cat_eyes(canvas, rng, pose, closed)
    draw_cat_muzzle(canvas, rng, pose, coat)


def draw_cat_tail(canvas: Canvas, rng: np.random.Generator, pose: Pose, coat: Coat,
                  start: tuple[float, float], bend: tuple[float, float], end: tuple[float, float]) -> None:
    """A long tail tapering from ``start`` through ``bend`` to ``end`` (local units)."""
    points = bezier(start, bend, end, steps=10)
    radii = [0.28 - 0.12 * k / 10 for k in range(11)]
    canvas.paint(pose.stroke(points, radii), coat.shader(pose))
    if coat.stripe is not None:  # rings on tabby tails
        for k in range(2, 10, 2):
            canvas.paint(pose.stroke(points[k:k + 1] * 2, radii[k] + 0.01), coat.stripe)


def draw_cat_face(canvas: Canvas, rng: np.random.Generator, coat: Coat) -> None:
    """Close-up portrait: a large head over the shoulders."""
    scale = rng.uniform(14.0, 19.0)
    pose = Pose(rng.uniform(27, 37), rng.uniform(28, 36), scale, rng.uniform(-0.3, 0.3))
    body = Pose(pose.x, pose.y, scale)
    canvas.paint(body.ellipse(0, 1.9, 1.5, 1.25), coat.shader(body))
    if coat.white:
        canvas.paint(body.ellipse(0, 1.5, 0.55, 0.7), WHITE)
    draw_cat_head(canvas, rng, pose, coat, closed=rng.random() < 0.1)


def draw_cat_sitting(canvas: Canvas, rng: np.random.Generator, coat: Coat) -> None:
    """Front view of a sitting cat: head on a pear-shaped body, front legs, curled tail."""
    scale = rng.uniform(7.0, 9.5)
    x, y = rng.uniform(18, 46), rng.uniform(12, 60 - 3.6 * scale)
    body = Pose(x, y + scale * 0.1, scale, rng.uniform(-0.1, 0.1), flip=bool(rng.random() < 0.5))
    fur = coat.shader(body)
    draw_cat_tail(canvas, rng, body, coat, (0.9, 3.2), (2.2, 3.4), (1.9, 1.6 + rng.uniform(0, 0.8)))
    canvas.paint(body.ellipse(0, 2.0, 1.05, 1.35), fur)
    canvas.paint(body.ellipse(0, 2.75, 1.25, 0.75), fur)            # haunches
    for side in (-1, 1):
        canvas.paint(body.stroke([(side * 0.38, 2.1), (side * 0.36, 3.3)], 0.2), WHITE if coat.white else fur)
        canvas.paint(body.ellipse(side * 0.36, 3.38, 0.27, 0.15), WHITE if coat.white else fur)
    if coat.white:
        canvas.paint(body.ellipse(0, 1.5, 0.45, 0.6), WHITE)
    head = Pose(*body.point(0, 0), scale, body.angle + rng.uniform(-0.25, 0.25))
    draw_cat_head(canvas, rng, head, coat, closed=rng.random() < 0.1)


def draw_cat_lying(canvas: Canvas, rng: np.random.Generator, coat: Coat) -> None:
    """A cat lying down, seen from the side: long body, head up at the front, paws, tail."""
    scale = rng.uniform(5.5, 8.5)
    flip = bool(rng.random() < 0.5)
    middle = rng.uniform(24, 40)                      # the figure spans u = -1 (head) .. 4.4 (tail)
    x = middle - 1.7 * scale * (-1 if flip else 1)
    y = rng.uniform(18, 58 - 1.8 * scale)
    pose = Pose(x, y, scale, 0.0, flip)
    fur = coat.shader(pose)
    draw_cat_tail(canvas, rng, pose, coat, (3.4, 1.3), (4.4, 1.9), (3.0, 2.0))
    canvas.paint(pose.ellipse(1.8, 1.05, 1.9, 0.85), fur)
    canvas.paint(pose.ellipse(3.0, 1.1, 0.9, 0.8), fur)            # hind quarters
    for k in (0, 1):
        paw = WHITE if coat.white else fur
        canvas.paint(pose.stroke([(0.5 + 0.4 * k, 1.6), (-0.5 + 0.45 * k, 1.75)], 0.2), paw)
    head = Pose(*pose.point(0, 0), scale, pose.turn(rng.uniform(-0.25, 0.25)))
    draw_cat_head(canvas, rng, head, coat, closed=rng.random() < 0.25)


CAT_POSES = (draw_cat_face, draw_cat_sitting, draw_cat_lying)
CAT_POSE_WEIGHTS = (0.8, 0.12, 0.08)
"""Most cat pictures are portraits, as in photo collections of cats."""


def draw_cat(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """One cat in a random pose and coat."""
    coat = random_coat(rng, texture)
    draw_pose = CAT_POSES[int(rng.choice(len(CAT_POSES), p=CAT_POSE_WEIGHTS))]
    draw_pose(canvas, rng, coat)


# =========================================================================== other animals


def draw_round_eyes(canvas: Canvas, rng: np.random.Generator, pose: Pose, spacing: float,
                    v: float, size: float) -> None:
    """Two round dark eyes with round pupils and a highlight (no slit: not a cat)."""
    iris = pick(rng, [rgb(70, 45, 25), rgb(40, 30, 20), rgb(20, 20, 20), rgb(110, 80, 40)])
    for side in (-1, 1):
        canvas.paint(pose.ellipse(side * spacing, v, size, size), iris)
        canvas.paint(pose.ellipse(side * spacing, v, size * 0.55, size * 0.55), DARK)
        canvas.paint(pose.ellipse(side * spacing + size * 0.3, v - size * 0.3, size * 0.25, size * 0.25), WHITE)


def draw_dog_head(canvas: Canvas, rng: np.random.Generator, pose: Pose, coat: Coat) -> None:
    """Dog head: floppy hanging ears, long light snout, big black nose, round eyes."""
    fur = coat.shader(pose)
    ear_colour = scale_colour(coat.base, rng.uniform(0.45, 0.75)) if coat.base.mean() > 0.3 else rgb(70, 55, 45)
    length = rng.uniform(0.55, 0.8)
    canvas.paint(pose.ellipse(0, -0.05, 0.85, 0.92), fur)
    for side in (-1, 1):  # ears hang from the top of the head down along the cheeks
        top = (side * 0.55, -0.75)
        canvas.paint(pose.stroke(bezier(top, (side * 1.05, -0.6), (side * 0.95, -0.7 + 2 * length), steps=8),
                                 [0.18, 0.24, 0.28, 0.31, 0.32, 0.32, 0.3, 0.26, 0.2]), ear_colour)
    snout = coat.light
    canvas.paint(pose.ellipse(0, 0.5, 0.48, 0.45), snout)
    canvas.paint(pose.ellipse(0, 0.3, 0.22, 0.15), DARK)            # nose
    canvas.paint(pose.stroke([(0, 0.4), (0, 0.62)], 0.03), DARK)
    canvas.paint(pose.stroke(bezier((-0.28, 0.65), (0, 0.78), (0.28, 0.65), steps=6), 0.03), DARK)
    if rng.random() < 0.5:
        canvas.paint(pose.ellipse(0, 0.82, 0.14, 0.16), jitter(rng, rgb(225, 90, 110), 0.05))  # tongue
    draw_round_eyes(canvas, rng, pose, 0.36, -0.22, rng.uniform(0.11, 0.15))


def draw_dog_portrait(canvas: Canvas, rng: np.random.Generator, coat: Coat) -> None:
    """Close-up dog face over the shoulders (framed like the cat portraits: a hard negative)."""
    scale = rng.uniform(12.0, 20.0)
    pose = Pose(rng.uniform(22, 42), rng.uniform(24, 38), scale, rng.uniform(-0.25, 0.25))
    canvas.paint(pose.ellipse(0, 1.9, 1.4, 1.2), coat.shader(pose))
    draw_dog_head(canvas, rng, pose, coat)


def draw_dog_standing(canvas: Canvas, rng: np.random.Generator, coat: Coat) -> None:
    """Side view of a dog on four legs: long snout, floppy ear, tail up."""
    scale = rng.uniform(5.5, 8.0)
    flip = bool(rng.random() < 0.5)
    body = Pose(rng.uniform(22, 42), rng.uniform(26, 56 - 2.2 * scale), scale, 0.0, flip)
    fur = coat.shader(body)
    canvas.paint(body.stroke([(1.6, -0.2), (2.3, -1.0)], [0.18, 0.1]), fur)
    for u in (-1.0, -0.6, 0.9, 1.3):
        canvas.paint(body.stroke([(u, 0.3), (u, 2.0)], 0.22), fur)
    canvas.paint(body.box(0.2, 0.0, 1.6, 0.75, power=4), fur)
    head = Pose(*body.point(-1.7, -1.0), scale * 0.8, 0.0, flip)
    canvas.paint(head.ellipse(-0.9, 0.3, 0.7, 0.42), coat.light)
    canvas.paint(head.ellipse(-1.55, 0.2, 0.18, 0.14), DARK)
    canvas.paint(head.ellipse(0, 0, 0.8, 0.75), fur)
    canvas.paint(head.ellipse(0.35, 0.35, 0.3, 0.7, 0.3), scale_colour(coat.base, 0.7))
    canvas.paint(head.ellipse(-0.35, -0.2, 0.11, 0.11), DARK)


def draw_dog(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A dog: a close-up face (55 %) or a side view."""
    coat = random_coat(rng, texture, kind="dog")
    (draw_dog_portrait if rng.random() < 0.55 else draw_dog_standing)(canvas, rng, coat)


def draw_rabbit(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A rabbit: round body, round head, two long upright ears, cotton tail."""
    coat = random_coat(rng, texture, kind="rabbit")
    coat.stripe = None
    scale = rng.uniform(6.0, 11.0)
    pose = Pose(rng.uniform(20, 44), rng.uniform(6 + 2.3 * scale, 60 - 2.0 * scale), scale,
                rng.uniform(-0.15, 0.15), bool(rng.random() < 0.5))
    fur = coat.shader(pose)
    canvas.paint(pose.ellipse(0.5, 1.3, 1.25, 1.0), fur)
    canvas.paint(pose.ellipse(1.6, 1.5, 0.35, 0.35), WHITE)
    for side, tilt in ((-1, -0.15), (1, 0.2)):
        canvas.paint(pose.ellipse(side * 0.35, -1.45, 0.26, 1.05, tilt), fur)
        canvas.paint(pose.ellipse(side * 0.35, -1.4, 0.13, 0.8, tilt), jitter(rng, PINK, 0.05))
    canvas.paint(pose.ellipse(0, 0, 0.8, 0.72), fur)
    draw_round_eyes(canvas, rng, pose, 0.35, -0.1, 0.13)
    canvas.paint(pose.ellipse(0, 0.25, 0.09, 0.07), jitter(rng, PINK, 0.05))
    if rng.random() < 0.5:
        for side in (-1, 1):
            canvas.paint(pose.stroke([(side * 0.15, 0.32), (side * 0.8, 0.25)], 0.012), rgb(90, 90, 90))


def draw_mouse(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A mouse: small grey or brown body, big round ears, pointed nose, long thin tail."""
    base = jitter(rng, pick(rng, [FUR["grey"], FUR["silver"], FUR["tan"], FUR["white"]]), 0.05)
    scale = rng.uniform(6.0, 10.0)
    pose = Pose(rng.uniform(18, 40), rng.uniform(20, 54 - scale), scale, 0.0, bool(rng.random() < 0.5))
    coat = Coat(base, texture=texture)
    fur = coat.shader(pose)
    canvas.paint(pose.stroke(bezier((1.6, 0.6), (2.8, 1.5), (3.4, 0.3), steps=8), 0.07), jitter(rng, PINK, 0.05))
    canvas.paint(pose.ellipse(0.6, 0.4, 1.3, 0.8, -0.1), fur)
    canvas.paint(pose.polygon([(-1.5, 0.3), (-0.4, -0.4), (-0.3, 0.6)]), fur)
    canvas.paint(pose.ellipse(-0.35, -0.55, 0.42, 0.42), fur)
    canvas.paint(pose.ellipse(-0.35, -0.55, 0.27, 0.27), jitter(rng, PINK, 0.05))
    canvas.paint(pose.ellipse(-0.9, -0.05, 0.09, 0.09), DARK)
    canvas.paint(pose.ellipse(-1.5, 0.3, 0.09, 0.09), PINK)


def draw_bear_face(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A hard negative: a furry round face with round ears (bear, teddy, monkey-like)."""
    coat = random_coat(rng, texture, kind="bear")
    scale = rng.uniform(11.0, 19.0)
    pose = Pose(rng.uniform(22, 42), rng.uniform(26, 38), scale, rng.uniform(-0.25, 0.25))
    fur = coat.shader(pose)
    canvas.paint(pose.ellipse(0, 1.9, 1.4, 1.2), fur)
    for side in (-1, 1):
        canvas.paint(pose.ellipse(side * 0.75, -0.75, 0.36, 0.36), fur)
        canvas.paint(pose.ellipse(side * 0.75, -0.75, 0.2, 0.2), scale_colour(coat.base, 0.7))
    canvas.paint(pose.ellipse(0, 0, 1.0, 0.9), fur)
    canvas.paint(pose.ellipse(0, 0.35, 0.42, 0.32), coat.light)
    canvas.paint(pose.ellipse(0, 0.22, 0.16, 0.11), DARK)
    canvas.paint(pose.stroke(bezier((-0.15, 0.48), (0, 0.55), (0.15, 0.48), steps=4), 0.03), DARK)
    draw_round_eyes(canvas, rng, pose, 0.35, -0.15, rng.uniform(0.08, 0.12))


def draw_bird(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A bird perched on a branch or flying: body, head, beak, wing, tail."""
    body_colour = bright_colour(rng) if rng.random() < 0.7 else jitter(rng, FUR["brown"], 0.06)
    scale = rng.uniform(5.0, 9.0)
    pose = Pose(rng.uniform(16, 48), rng.uniform(14, 44), scale, rng.uniform(-0.3, 0.3), bool(rng.random() < 0.5))
    if rng.random() < 0.6:  # a branch under the feet
        y = pose.point(0, 1.3)[1]
        canvas.paint(stroke([(0, y + 1), (64, y - 3)], rng.uniform(1.0, 2.0)), jitter(rng, rgb(100, 70, 40)))
        for side in (-0.3, 0.3):
            canvas.paint(pose.stroke([(side, 0.6), (side, 1.3)], 0.06), rgb(200, 150, 50))
    canvas.paint(pose.polygon([(0.8, 0.0), (2.0, -0.2), (2.0, 0.6)]), scale_colour(body_colour, 0.7))
    canvas.paint(pose.ellipse(0.2, 0.1, 1.1, 0.75, 0.15), body_colour)
    canvas.paint(pose.ellipse(0.1, 0.4, 0.7, 0.4), mix(body_colour, WHITE, 0.5))
    canvas.paint(pose.ellipse(-0.8, -0.55, 0.55, 0.55), body_colour)
    canvas.paint(pose.polygon([(-1.25, -0.68), (-1.9, -0.5), (-1.25, -0.4)]), jitter(rng, rgb(240, 170, 40)))
    canvas.paint(pose.ellipse(-0.95, -0.65, 0.11, 0.11), DARK)
    canvas.paint(pose.ellipse(0.45, 0.0, 0.75, 0.38, 0.3), scale_colour(body_colour, 0.65))  # wing


def draw_fish(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A fish in water: oval body, forked tail, fin, eye, sometimes stripes."""
    colour = bright_colour(rng)
    scale = rng.uniform(7.0, 13.0)
    pose = Pose(rng.uniform(22, 40), rng.uniform(20, 44), scale, rng.uniform(-0.3, 0.3), bool(rng.random() < 0.5))
    canvas.paint(pose.polygon([(1.0, 0.0), (1.9, -0.75), (1.7, 0.0), (1.9, 0.75)]), scale_colour(colour, 0.8))
    canvas.paint(pose.polygon([(-0.3, -0.5), (0.5, -1.0), (0.6, -0.4)]), scale_colour(colour, 0.8))
    coat = Coat(colour, stripe=WHITE if rng.random() < 0.5 else None, stripe_freq=1.3, stripe_angle=0.0)
    canvas.paint(pose.ellipse(0, 0, 1.3, 0.65), coat.shader(pose))
    canvas.paint(pose.ellipse(-0.75, -0.1, 0.14, 0.14), WHITE)
    canvas.paint(pose.ellipse(-0.78, -0.1, 0.08, 0.08), DARK)
    for _ in range(int(rng.integers(0, 4))):
        bx, by = rng.uniform(4, 60), rng.uniform(4, 60)
        canvas.paint(ellipse(bx, by, 1.2, 1.2), rgb(200, 230, 250), alpha=0.6)


# =========================================================================== objects and scenes


def draw_car(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A side view of a car: body, cabin with windows, two wheels."""
    colour = bright_colour(rng)
    scale = rng.uniform(8.0, 14.0)
    pose = Pose(rng.uniform(24, 40), rng.uniform(28, 52), scale, 0.0, bool(rng.random() < 0.5))
    canvas.paint(pose.polygon([(-0.9, -0.35), (-0.5, -1.0), (0.7, -1.0), (1.1, -0.35)]), colour)
    canvas.paint(pose.polygon([(-0.65, -0.4), (-0.38, -0.85), (0.05, -0.85), (0.05, -0.4)]), rgb(170, 210, 235))
    canvas.paint(pose.polygon([(0.15, -0.4), (0.15, -0.85), (0.6, -0.85), (0.85, -0.4)]), rgb(170, 210, 235))
    canvas.paint(pose.box(0, 0, 1.8, 0.45, power=6), colour)
    canvas.paint(pose.ellipse(-1.7, -0.1, 0.12, 0.1), rgb(250, 240, 180))
    for u in (-1.1, 1.1):
        canvas.paint(pose.ellipse(u, 0.45, 0.4, 0.4), DARK)
        canvas.paint(pose.ellipse(u, 0.45, 0.18, 0.18), rgb(180, 180, 185))


def draw_house(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A house: walls, a triangular roof (pointed, like ears: a hard negative), windows, door."""
    wall = jitter(rng, pick(rng, [rgb(230, 210, 170), rgb(200, 80, 60), rgb(240, 240, 230), rgb(160, 190, 210)]))
    scale = rng.uniform(10.0, 17.0)
    pose = Pose(rng.uniform(22, 42), rng.uniform(30, 46), scale)
    canvas.paint(pose.polygon([(-1.3, -0.6), (0.0, -1.7), (1.3, -0.6)]), jitter(rng, rgb(130, 50, 40)))
    canvas.paint(pose.box(0, 0.2, 1.05, 0.85, power=12), wall)
    canvas.paint(pose.box(0.0, 0.65, 0.22, 0.4, power=12), jitter(rng, rgb(100, 60, 30)))
    for u in (-0.6, 0.6):
        canvas.paint(pose.box(u, -0.05, 0.22, 0.22, power=12), rgb(170, 210, 235))


def draw_flowers(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """One to four flowers: green stems, petals around a centre."""
    for _ in range(int(rng.integers(1, 5))):
        x, y, r = rng.uniform(12, 52), rng.uniform(12, 40), rng.uniform(3.0, 8.0)
        canvas.paint(stroke([(x, y), (x + rng.uniform(-4, 4), 64)], 0.7), jitter(rng, rgb(50, 140, 50)))
        petal = bright_colour(rng)
        count = int(rng.integers(5, 9))
        for k in range(count):
            a = 2 * math.pi * k / count
            canvas.paint(ellipse(x + 0.6 * r * math.cos(a), y + 0.6 * r * math.sin(a), 0.5 * r, 0.25 * r, a), petal)
        canvas.paint(ellipse(x, y, 0.3 * r, 0.3 * r), jitter(rng, rgb(240, 190, 40)))


def draw_tree(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A tree: a broadleaf crown of green blobs or a pine of stacked triangles."""
    x, scale = rng.uniform(20, 44), rng.uniform(9.0, 15.0)
    green = jitter(rng, pick(rng, [rgb(50, 130, 50), rgb(80, 150, 60), rgb(30, 100, 50), rgb(190, 120, 40)]))
    canvas.paint(rectangle(x - 0.15 * scale, 64 - 2.0 * scale, x + 0.15 * scale, 64), jitter(rng, rgb(100, 65, 35)))
    if rng.random() < 0.5:
        for k in range(3):
            w, top = (1.3 - 0.3 * k) * scale, 64 - (1.2 + 0.8 * k) * scale
            canvas.paint(polygon([(x - w, top + scale), (x, top - 0.6 * scale), (x + w, top + scale)]), green)
        return
    for _ in range(6):
        canvas.paint(ellipse(x + rng.uniform(-0.9, 0.9) * scale, 64 - 2.6 * scale + rng.uniform(-0.6, 0.6) * scale,
                             0.7 * scale, 0.6 * scale), jitter(rng, green, 0.05))


def draw_cup(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A mug on a table: body, handle, rim, maybe steam."""
    colour = bright_colour(rng)
    scale = rng.uniform(8.0, 14.0)
    pose = Pose(rng.uniform(24, 40), rng.uniform(26, 44), scale)
    canvas.paint(pose.stroke(bezier((0.7, -0.5), (1.5, 0.0), (0.7, 0.6), steps=8), 0.12), colour)
    canvas.paint(pose.box(0, 0, 0.8, 1.0, power=8), colour)
    canvas.paint(pose.ellipse(0, -0.95, 0.75, 0.15), scale_colour(colour, 0.5))
    canvas.paint(pose.ellipse(0, -0.95, 0.62, 0.1), rgb(90, 50, 30))


def draw_ball(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A ball: plain, striped (beach ball), or an orange basketball (cat-coloured)."""
    scale = rng.uniform(8.0, 18.0)
    pose = Pose(rng.uniform(20, 44), rng.uniform(22, 48), scale, rng.uniform(0, 3.0))
    kind = int(rng.integers(3))
    if kind == 2:
        canvas.paint(pose.ellipse(0, 0, 1, 1), jitter(rng, rgb(225, 110, 40)))
        for pts in ([(-1, 0), (1, 0)], [(0, -1), (0, 1)], bezier((-0.7, -0.7), (-0.2, 0), (-0.7, 0.7))):
            canvas.paint(pose.stroke(pts, 0.04), DARK)
        return
    coat = Coat(bright_colour(rng), stripe=bright_colour(rng) if kind == 1 else None, stripe_freq=1.5)
    canvas.paint(pose.ellipse(0, 0, 1, 1), coat.shader(pose))
    canvas.paint(pose.ellipse(-0.35, -0.4, 0.22, 0.16, -0.6), WHITE, alpha=0.5)


def draw_pumpkin(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """Pumpkins or oranges: round, ribbed, cat-orange fruit (a colour hard negative)."""
    colour = jitter(rng, pick(rng, [FUR["orange"], FUR["ginger"], rgb(240, 150, 30)]), 0.05)
    scale = rng.uniform(8.0, 15.0)
    pose = Pose(rng.uniform(22, 42), rng.uniform(28, 46), scale)
    canvas.paint(pose.stroke([(0, -0.7), (0.1, -1.2)], 0.12), jitter(rng, rgb(90, 110, 40)))
    for u in (-0.5, 0.5, 0.0):
        canvas.paint(pose.ellipse(u, 0, 0.75, 0.85), scale_colour(colour, 0.9 if u else 1.0))


def draw_lamp(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A table lamp: a trapezoid shade on a thin stand (pointy shapes, not ears)."""
    scale = rng.uniform(9.0, 14.0)
    pose = Pose(rng.uniform(22, 42), rng.uniform(22, 36), scale)
    canvas.paint(pose.stroke([(0, 0), (0, 1.8)], 0.07), rgb(60, 60, 60))
    canvas.paint(pose.ellipse(0, 1.85, 0.55, 0.15), rgb(60, 60, 60))
    canvas.paint(pose.polygon([(-0.4, -1.0), (0.4, -1.0), (0.8, 0.1), (-0.8, 0.1)]), jitter(rng, rgb(235, 215, 160)))


def draw_landscape(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """Mountains (pointed peaks), a sun and a lake or meadow in front."""
    if rng.random() < 0.6:
        sx, sy = rng.uniform(8, 56), rng.uniform(6, 20)
        canvas.paint(ellipse(sx, sy, 5, 5), jitter(rng, rgb(250, 220, 90)))
    for _ in range(int(rng.integers(1, 4))):
        x, h, w = rng.uniform(0, 64), rng.uniform(14, 32), rng.uniform(14, 30)
        rock = jitter(rng, pick(rng, [rgb(110, 110, 120), rgb(120, 100, 80), rgb(90, 110, 130)]))
        canvas.paint(polygon([(x - w, 48), (x, 48 - h), (x + w, 48)]), rock)
        canvas.paint(polygon([(x - 0.25 * w, 48 - 0.75 * h), (x, 48 - h), (x + 0.25 * w, 48 - 0.75 * h)]), WHITE)
    ground = pick(rng, [rgb(60, 120, 190), rgb(80, 150, 60), rgb(200, 180, 120)])
    canvas.paint(rectangle(0, 47, 64, 64), jitter(rng, ground))


def draw_chair(canvas: Canvas, rng: np.random.Generator, texture: np.ndarray) -> None:
    """A chair or stool from the front: seat, back, legs (four-legged furniture)."""
    wood = jitter(rng, pick(rng, [rgb(140, 90, 50), rgb(90, 60, 40), rgb(200, 160, 110), rgb(60, 60, 60)]))
    scale = rng.uniform(9.0, 14.0)
    pose = Pose(rng.uniform(22, 42), rng.uniform(22, 36), scale)
    for u in (-0.8, 0.8):
        canvas.paint(pose.stroke([(u, -1.6), (u, 2.0)], 0.1), wood)
    canvas.paint(pose.box(0, -1.0, 0.85, 0.5, power=8), wood)
    canvas.paint(pose.box(0, 0.35, 1.0, 0.18, power=8), scale_colour(wood, 1.2))
    for u in (-0.6, 0.6):
        canvas.paint(pose.stroke([(u, 0.4), (u, 2.0)], 0.08), scale_colour(wood, 0.8))


INDOOR = ("wall", "room", "room", "noise", "stripes", "tiles")
OUTDOOR = ("outdoor", "outdoor", "sky")
ANYWHERE = INDOOR + OUTDOOR * 2
CAT_BACKGROUNDS = INDOOR * 3 + OUTDOOR
"""Background kinds, drawn uniformly from the tuple a subject names (repeats weigh more).
Cats are mostly photographed indoors; things like cars and birds mostly outdoors."""

NON_CATS = [
    (draw_dog, 4, ANYWHERE), (draw_bear_face, 2, ANYWHERE), (draw_rabbit, 2, ANYWHERE),
    (draw_mouse, 1, INDOOR), (draw_bird, 2, OUTDOOR), (draw_fish, 1, ("water",)),
    (draw_car, 2, OUTDOOR), (draw_house, 2, OUTDOOR), (draw_flowers, 2, ANYWHERE), (draw_tree, 1, OUTDOOR),
    (draw_cup, 1, INDOOR), (draw_ball, 2, ANYWHERE), (draw_pumpkin, 1, ANYWHERE), (draw_lamp, 1, INDOOR),
    (draw_landscape, 2, ("sky",)), (draw_chair, 1, INDOOR),
]
"""Non-cat subjects: (draw function, relative weight, background kinds). Animals (dogs
first) and hard negatives weigh most."""


def choose_subject(rng: np.random.Generator, is_cat: bool):
    """The subject's draw function and the background kinds that suit it."""
    if is_cat:
        return draw_cat, CAT_BACKGROUNDS
    weights = np.array([w for _, w, _ in NON_CATS], dtype=np.float64)
    draw, _, backgrounds = NON_CATS[int(rng.choice(len(NON_CATS), p=weights / weights.sum()))]
    return draw, backgrounds


# =========================================================================== backgrounds and clutter


def pastel_colour(rng: np.random.Generator) -> Colour:
    """A random, somewhat washed-out colour."""
    return mix(rng.uniform(0.15, 1.0, 3), WHITE, rng.uniform(0.0, 0.5))


def vertical_gradient(top: Colour, bottom: Colour):
    """Shader blending ``top`` to ``bottom`` down the picture."""
    def shader(x, y):
        t = (y / SIZE)[..., None]                       # (h, 1, 1): one colour per row
        rows = top * (1.0 - t) + bottom * t
        return np.broadcast_to(rows, np.broadcast_shapes(x.shape, y.shape) + (3,))
    return shader


def wall_background(canvas: Canvas, rng: np.random.Generator) -> None:
    """A plain wall, a little darker or lighter towards the bottom."""
    a = pastel_colour(rng)
    canvas.fill(vertical_gradient(a, scale_colour(a, rng.uniform(0.6, 1.1))))


def room_background(canvas: Canvas, rng: np.random.Generator) -> None:
    """A wall above a floor, sometimes with floor boards."""
    wall = pastel_colour(rng)
    floor = jitter(rng, pick(rng, [rgb(150, 100, 60), rgb(110, 80, 60), rgb(180, 170, 150),
                                   rgb(90, 90, 100), rgb(160, 60, 50)]))
    canvas.fill(vertical_gradient(wall, scale_colour(wall, 0.85)))
    horizon = rng.uniform(30, 52)
    canvas.paint(rectangle(0, horizon, 64, 64), vertical_gradient(floor, scale_colour(floor, 0.8)))
    if rng.random() < 0.5:
        for k in range(int(rng.integers(3, 7))):
            top = horizon + 2 + 4 * k
            canvas.paint(rectangle(0, top, 64, top + 0.5), scale_colour(floor, 0.75))


def outdoor_background(canvas: Canvas, rng: np.random.Generator) -> None:
    """Sky above grass (or a dry field)."""
    canvas.fill(vertical_gradient(jitter(rng, rgb(120, 170, 230)), jitter(rng, rgb(200, 225, 245))))
    horizon = rng.uniform(24, 50)
    grass = jitter(rng, pick(rng, [rgb(80, 150, 60), rgb(110, 160, 70), rgb(150, 140, 70)]))
    canvas.paint(rectangle(0, horizon, 64, 64), vertical_gradient(grass, scale_colour(grass, 0.7)))


def sky_background(canvas: Canvas, rng: np.random.Generator) -> None:
    """Blue sky with a few clouds."""
    canvas.fill(vertical_gradient(jitter(rng, rgb(70, 130, 220)), jitter(rng, rgb(190, 220, 250))))
    for _ in range(int(rng.integers(0, 4))):
        cx, cy = rng.uniform(0, 64), rng.uniform(0, 40)
        for k in range(3):
            canvas.paint(ellipse(cx + 4 * k, cy + rng.uniform(-1.5, 1.5), 5, 3.5), WHITE, alpha=0.85)


def water_background(canvas: Canvas, rng: np.random.Generator) -> None:
    """Water, lighter near the surface."""
    canvas.fill(vertical_gradient(jitter(rng, rgb(60, 150, 200)), jitter(rng, rgb(20, 60, 120))))


def pattern_background(canvas: Canvas, rng: np.random.Generator, checked: bool) -> None:
    """Wallpaper: slanted two-colour stripes, or a checkerboard of tiles when ``checked``."""
    a, b = pastel_colour(rng), pastel_colour(rng)
    width = rng.uniform(3, 9)
    angle = rng.uniform(0, math.pi)
    c, s = math.cos(angle), math.sin(angle)

    def pattern(x, y):
        first = np.mod((c * x + s * y) / width, 1.0) < 0.5
        if checked:
            first = first ^ (np.mod((c * y - s * x) / width, 1.0) < 0.5)
        return np.where(first[..., None], a, b)

    canvas.fill(pattern)


def noise_background(canvas: Canvas, rng: np.random.Generator) -> None:
    """A soft blotchy blend of two colours (out-of-focus surroundings)."""
    a, b = pastel_colour(rng), pastel_colour(rng)
    noise = value_noise(rng, canvas.n, int(rng.integers(3, 9)))[..., None]
    canvas.rgb[:] = a * (1 - noise) + b * noise


BACKGROUNDS = {
    "wall": wall_background, "room": room_background, "outdoor": outdoor_background,
    "sky": sky_background, "water": water_background, "noise": noise_background,
    "stripes": lambda canvas, rng: pattern_background(canvas, rng, checked=False),
    "tiles": lambda canvas, rng: pattern_background(canvas, rng, checked=True),
}
"""Background kind -> function filling the whole canvas."""


def draw_background(canvas: Canvas, rng: np.random.Generator, kind: str) -> None:
    """Fill the canvas with a background of ``kind`` (a key of ``BACKGROUNDS``)."""
    BACKGROUNDS[kind](canvas, rng)


def draw_frame(canvas: Canvas, rng: np.random.Generator, x, y, w, h) -> None:
    """A framed picture or a window centred at (x, y), half-size (w, h)."""
    canvas.paint(rectangle(x - w, y - h, x + w, y + h), jitter(rng, rgb(90, 60, 40)))
    canvas.paint(rectangle(x - w + 1.2, y - h + 1.2, x + w - 1.2, y + h - 1.2), pastel_colour(rng))


def draw_plant(canvas: Canvas, rng: np.random.Generator, x, y, w, h) -> None:
    """A small potted plant with its pot's rim at (x, y) (the size is fixed)."""
    canvas.paint(polygon([(x - 3, y), (x + 3, y), (x + 2, y + 6), (x - 2, y + 6)]), jitter(rng, rgb(170, 90, 60)))
    for _ in range(5):
        a = -math.pi / 2 + rng.uniform(-1.0, 1.0)
        canvas.paint(ellipse(x + 4 * math.cos(a), y - 1 + 4 * math.sin(a), 3.5, 1.2, a), jitter(rng, rgb(50, 140, 60)))


def draw_furniture(canvas: Canvas, rng: np.random.Generator, x, y, w, h) -> None:
    """A table or sofa block: a rounded rectangle in a furniture colour."""
    colour = pick(rng, [rgb(120, 80, 50), rgb(150, 60, 60), rgb(70, 90, 140), rgb(120, 120, 110)])
    canvas.paint(superellipse(x, y, w, h / 2, 0.0, 8), jitter(rng, colour))


def draw_blob(canvas: Canvas, rng: np.random.Generator, x, y, w, h) -> None:
    """A translucent round blob (an out-of-focus light or object)."""
    canvas.paint(ellipse(x, y, w / 2, w / 2), pastel_colour(rng), alpha=0.5)


def draw_shard(canvas: Canvas, rng: np.random.Generator, x, y, w, h) -> None:
    """A random bright polygon."""
    pts = [(x + rng.uniform(-w, w), y + rng.uniform(-h, h)) for _ in range(int(rng.integers(3, 6)))]
    canvas.paint(polygon(pts), bright_colour(rng), alpha=0.8)


def draw_dot(canvas: Canvas, rng: np.random.Generator, x, y, w, h) -> None:
    """A small bright round thing: yarn, a cushion, a toy."""
    canvas.paint(ellipse(x, y, w / 3, w / 3), bright_colour(rng))


CLUTTER = (draw_frame, draw_plant, draw_furniture, draw_blob, draw_shard, draw_dot)
"""Clutter items, each ``f(canvas, rng, x, y, w, h)``; the first three belong indoors."""


def draw_clutter(canvas: Canvas, rng: np.random.Generator, count: int, indoor: bool) -> None:
    """``count`` random clutter items; outdoors, no frames, plants or furniture float in the sky."""
    for _ in range(count):
        item = CLUTTER[int(rng.integers(6)) if indoor else int(rng.integers(3, 6))]
        x, y = rng.uniform(0, 64), rng.uniform(0, 64)
        w, h = rng.uniform(4, 18), rng.uniform(4, 18)
        item(canvas, rng, x, y, w, h)


def lighting(rng: np.random.Generator) -> np.ndarray:
    """A ``(64, 64)`` gain: light falling from one side, and a vignette (darker corners)."""
    t = (np.arange(SIZE) + 0.5) / SIZE - 0.5          # -0.5 .. 0.5
    gx, gy = rng.uniform(-0.5, 0.5, 2)
    ramp = 1.0 + gx * t[None, :] + gy * t[:, None]
    vignette = 1.0 - rng.uniform(0.0, 0.8) * (t[None, :] * t[None, :] + t[:, None] * t[:, None])
    return ramp * vignette


def finish(pixels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Camera-like finishing on ``(64, 64, 3)`` floats: muted colours, exposure (photos are
    darker than flat drawings: the course's pictures average ~0.4), contrast, a colour
    cast and sensor noise; returns uint8."""
    grey = pixels.mean(axis=2, keepdims=True)
    out = grey + (pixels - grey) * rng.uniform(0.55, 0.95)
    mean = out.mean()
    out = (out - mean) * rng.uniform(0.85, 1.2) + mean
    out = out * rng.uniform(0.5, 1.05) * (1.0 + rng.uniform(-0.06, 0.06, 3))
    out = out * lighting(rng)[..., None]
    out = out + rng.normal(0.0, noise, out.shape)
    return np.clip(np.rint(out * 255.0), 0, 255).astype(np.uint8)


# =========================================================================== pictures and splits


def render(rng: np.random.Generator, is_cat: bool) -> np.ndarray:
    """One picture ``(64, 64, 3)`` uint8: background, clutter, the subject, finishing."""
    draw_subject, backgrounds = choose_subject(rng, is_cat)
    kind = pick(rng, backgrounds)
    canvas = Canvas()
    draw_background(canvas, rng, kind)
    draw_clutter(canvas, rng, int(rng.integers(0, 4 if kind in INDOOR else 2)), kind in INDOOR)
    texture = value_noise(rng, canvas.n, 24)
    draw_subject(canvas, rng, texture)
    return finish(canvas.to_pixels(), rng, noise=rng.uniform(0.01, 0.05))


def generate_split(n: int, n_cats: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` pictures of which ``n_cats`` are cats, in a seeded random order.

    Returns ``X (n, 64, 64, 3) uint8`` and ``y (n,) int64`` (1 = cat). Picture ``i``
    uses its own generator seeded with ``(seed, i)``, so pictures are independent
    of one another and the result depends on nothing but the arguments.
    """
    if not 0 <= n_cats <= n:
        raise ValueError(f"n_cats must be between 0 and n={n}, got {n_cats}")
    order = np.random.default_rng([seed, n]).permutation(n)
    y = np.zeros(n, dtype=np.int64)
    y[order[:n_cats]] = 1
    X = np.empty((n, SIZE, SIZE, 3), dtype=np.uint8)
    for i in range(n):
        X[i] = render(np.random.default_rng([seed, i]), bool(y[i]))
    return X, y


def generate_catvnoncat(train_seed: int = TRAIN_SEED, test_seed: int = TEST_SEED) -> dict[str, np.ndarray]:
    """Both splits with the course's sizes and class balance, keyed like the course files:
    ``train_set_x``, ``train_set_y``, ``test_set_x``, ``test_set_y`` and ``list_classes``.

    The default seeds make the committed files; other seeds give other samples of
    the same distribution."""
    train_x, train_y = generate_split(TRAIN_SIZE, TRAIN_CATS, train_seed)
    test_x, test_y = generate_split(TEST_SIZE, TEST_CATS, test_seed)
    return {"train_set_x": train_x, "train_set_y": train_y, "test_set_x": test_x,
            "test_set_y": test_y, "list_classes": CLASSES.copy()}
