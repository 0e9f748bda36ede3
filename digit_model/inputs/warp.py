"""Bend a writer's pen strokes: the same digit as a slightly different hand would write it.

Twenty training writers show the model twenty ways to write each digit; writers it has not seen
stretch a flag, lean a stem or round a corner further than any of them. Warping the recorded
trajectories smoothly before they are drawn (a random displacement field over the digit, plus
a shear and a change of width) gives the model more of those variations, stroke by stroke, so
the brush still draws clean lines.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

__all__ = ["warp_strokes"]

_GRID = 3  # displacements are drawn on a 3x3 grid over the digit and interpolated between


def warp_strokes(strokes: list[np.ndarray], rng: np.random.Generator, *, strength: float) -> list[np.ndarray]:
    """The strokes under a random smooth warp, in the same units as given.

    Parameters
    ----------
    strokes : list of float arrays of shape (n_points, 2), (x, y)
    rng : the random warp
    strength : standard deviation of the displacements, as a share of the digit's longer side;
        the shear and the log of the change of width are uniform within 2.5 times it either way

    Returns
    -------
    list of float arrays, one per stroke, the same shapes
    """
    if strength < 0:
        raise ValueError(f"The warp's strength must be zero or more; got {strength}.")
    every = np.vstack(strokes)
    low = every.min(axis=0)
    size = max(float((every.max(axis=0) - low).max()), 1.0)
    field = rng.normal(0.0, strength, size=(2, _GRID, _GRID))
    shear = rng.uniform(-2.5 * strength, 2.5 * strength)
    width = np.exp(rng.uniform(-2.5 * strength, 2.5 * strength))
    warped = []
    for stroke in strokes:
        unit = (np.asarray(stroke, float) - low) / size  # the digit within [0, 1] x [0, 1]
        at = [unit[:, 1] * (_GRID - 1), unit[:, 0] * (_GRID - 1)]
        moved = unit + np.column_stack([ndimage.map_coordinates(axis, at, order=1, mode="nearest") for axis in field])
        warped.append(np.column_stack([moved[:, 0] * width + shear * moved[:, 1], moved[:, 1]]) * size + low)
    return warped
