"""How long a model takes to answer one drawing: from a canvas array to probabilities, warm."""

from __future__ import annotations

import time

import numpy as np

from digit_model.inputs.recipe import to_mnist

__all__ = ["canvas_latency"]


def _canvas() -> np.ndarray:
    """A 280x280 RGBA canvas with a thick stroke, like a visitor's drawing of a 7."""
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[60:80, 70:210, :] = 255
    for row in range(80, 230):
        col = int(210 - (row - 80) * 0.6)
        canvas[row, col - 10 : col + 10, :] = 255
    return canvas


def canvas_latency(model, *, repeats: int = 200, warmup: int = 20) -> tuple[float, float]:
    """Median and 95th-percentile milliseconds from a canvas array to probabilities, one image, warm."""
    canvas = _canvas()
    timings = []
    for i in range(warmup + repeats):
        started = time.perf_counter()
        model.predict_proba(to_mnist(canvas)[None])
        if i >= warmup:
            timings.append((time.perf_counter() - started) * 1000)
    return float(np.median(timings)), float(np.percentile(timings, 95))
