"""`python -m tools.library_swaps`: time the edge-direction features' hand-written steps against scipy's.

The review asked whether ``GradientDirections`` should use ``ndimage.sobel`` for its gradients
and ``ndimage.map_coordinates`` for its bilinear sampling. This prints, for a batch of 4,096
digits and for one digit (what the Draw page computes), the time of each version and the
largest difference between their outputs, so the choice rests on a measurement.
"""

from __future__ import annotations

import timeit

import numpy as np
from scipy import ndimage

from digit_model.models.features import Deskew, GradientDirections, _sample

from .fonts import font_digits

_REPEATS = 7


def sobel_gradients(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """scipy's Sobel with zero padding, as the hand-written one pads.

    ``ndimage.sobel`` on a stack also smooths across the stack's first axis (from one digit
    into the next), so each image axis gets scipy's two 1-D passes that make up a Sobel filter.
    """
    def sobel(axis: int, across: int) -> np.ndarray:
        derivative = ndimage.correlate1d(images, [-1, 0, 1], axis=axis, mode="constant")
        return ndimage.correlate1d(derivative, [1, 2, 1], axis=across, mode="constant")

    return sobel(2, 1), sobel(1, 2)


def hand_gradients(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two lines inside ``GradientDirections._features``."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    rows = padded[:, :-2] + 2 * padded[:, 1:-1] + padded[:, 2:]
    cols = padded[:, :, :-2] + 2 * padded[:, :, 1:-1] + padded[:, :, 2:]
    return rows[:, :, 2:] - rows[:, :, :-2], cols[:, 2:, :] - cols[:, :-2, :]


def mapped_sample(maps: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Bilinear samples at the grid's centres with ``ndimage.map_coordinates`` (order 1)."""
    n, grid = len(maps), len(centres)
    image, row, col = np.meshgrid(np.arange(n), centres, centres, indexing="ij")
    values = ndimage.map_coordinates(maps, [image.ravel(), row.ravel(), col.ravel()], order=1, mode="nearest")
    return values.reshape(n, grid * grid)


def _best_ms(function, *args) -> float:
    return 1000 * min(timeit.repeat(lambda: function(*args), number=1, repeat=_REPEATS))


def main() -> int:
    digits, _ = font_digits(4096, seed=0)
    images = Deskew().transform(digits).reshape(-1, 28, 28)
    step = 28 / GradientDirections().grid
    centres = ((np.arange(GradientDirections().grid) + 0.5) * step - 0.5).astype(np.float32)
    maps = ndimage.gaussian_filter(images, sigma=(0, step / 2, step / 2))
    print("| step | images | hand-written (ms) | scipy (ms) | largest difference |")
    print("|---|---|---|---|---|")
    for label, batch in (("4,096", slice(None)), ("1", slice(0, 1))):
        hand, scipy_ = hand_gradients(images[batch]), sobel_gradients(images[batch])
        difference = max(float(np.abs(a - b).max()) for a, b in zip(hand, scipy_))
        print(f"| Sobel gradients | {label} | {_best_ms(hand_gradients, images[batch]):.3f} | "
              f"{_best_ms(sobel_gradients, images[batch]):.3f} | {difference:.2e} |")
        difference = float(np.abs(_sample(maps[batch], centres) - mapped_sample(maps[batch], centres)).max())
        print(f"| bilinear sampling | {label} | {_best_ms(_sample, maps[batch], centres):.3f} | "
              f"{_best_ms(mapped_sample, maps[batch], centres):.3f} | {difference:.2e} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
