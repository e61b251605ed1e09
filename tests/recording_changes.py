"""Landmark recordings changed the way another camera, or a later start, would give them.

Used by the tests and by ``benchmarks/perturbed.py``. Each change takes a recording's arrays and its
truth, and returns both changed: the truth's sides are exchanged in a mirror, and a rep that began
before a cut (or within half a second after it) becomes optional.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from posecoach.pose.types import SWAP_SIDES

Arrays = dict[str, np.ndarray]
Meta = dict[str, Any]
Change = Callable[[Arrays, Meta], tuple[Arrays, Meta]]


def load(path: Path) -> Arrays:
    """A landmark recording's arrays (``t_s``, ``image``, ``world``, ``fps``, ...)."""
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def _reps(meta: Meta) -> list[dict[str, Any]]:
    return (meta.get("truth") or {}).get("reps") or []


def mirror(d: Arrays, meta: Meta) -> tuple[Arrays, Meta]:
    """Filmed from the other side: x flipped, MediaPipe's left and right exchanged."""
    d, meta = dict(d), copy.deepcopy(meta)
    image, world = d["image"].copy(), d["world"].copy()
    image[..., 0], world[..., 0] = 1.0 - image[..., 0], -world[..., 0]
    d["image"], d["world"] = image[:, SWAP_SIDES], world[:, SWAP_SIDES]
    for rep in _reps(meta):
        rep["side"] = {"left": "right", "right": "left"}.get(rep["side"], rep["side"])
    return d, meta


def half_rate(d: Arrays, meta: Meta) -> tuple[Arrays, Meta]:
    """Every other frame of a 30 fps recording: a slower webcam."""
    step = max(1, round(float(d["fps"]) / 15))
    d = dict(d) | {key: d[key][::step] for key in ("t_s", "image", "world")}
    d["fps"] = np.array(float(d["fps"]) / step)
    return d, meta


def zoom(scale: float) -> Change:
    """The person at ``scale`` of their size in the frame (further from the camera)."""

    def change(d: Arrays, meta: Meta) -> tuple[Arrays, Meta]:
        image = d["image"].copy()
        image[..., :2] = 0.5 + (image[..., :2] - 0.5) * scale
        return dict(d) | {"image": image}, meta

    return change


def cut(seconds: float) -> Change:
    """The first ``seconds`` cut: no still start, or a start mid-movement."""

    def change(d: Arrays, meta: Meta) -> tuple[Arrays, Meta]:
        keep = d["t_s"] >= d["t_s"][0] + seconds
        d = dict(d) | {key: d[key][keep] for key in ("t_s", "image", "world")}
        d["t_s"] = d["t_s"] - d["t_s"][0]
        meta = copy.deepcopy(meta)
        for rep in _reps(meta):
            if rep["start_s"] < seconds + 0.5:
                rep["optional"] = True
        return d, meta

    return change


def noise(sigma: float) -> Change:
    """Every landmark moved by seeded Gaussian noise of ``sigma`` of the frame: a smaller or darker
    camera's MediaPipe."""

    def change(d: Arrays, meta: Meta) -> tuple[Arrays, Meta]:
        image = d["image"].copy()
        image[..., :2] += np.random.default_rng(0).normal(0.0, sigma, image[..., :2].shape)
        return dict(d) | {"image": image}, meta

    return change


CHANGES: dict[str, Change] = {
    "as recorded": lambda d, meta: (d, meta),
    "mirror": mirror,
    "15fps": half_rate,
    "zoom0.6": zoom(0.6),
    **{f"cut{s:g}": cut(s) for s in (0.5, 1.0, 2.0, 3.0)},
    **{f"noise{s:g}": noise(s) for s in (0.0005, 0.001, 0.002)},
}
