"""Rules of the stroke warp that a changed constant would break unnoticed by tests/inputs/test_warp.py."""

import numpy as np
import pytest

from digit_model.inputs.warp import warp_strokes

_ALONG = np.linspace(0, 100, 201)
# A digit's box of 100 by 100 (its left and top edges), and a straight stroke through its middle each way.
_BOX = [np.column_stack([np.zeros(2), [0, 100]]), np.column_stack([[0, 100], np.zeros(2)])]
_ACROSS = np.column_stack([_ALONG, np.full_like(_ALONG, 50)])
_DOWN = np.column_stack([np.full_like(_ALONG, 50), _ALONG])


# How far the points of ``line`` lie from the straight line through its two ends, at most.
def _off_straight(line: np.ndarray) -> float:
    start, end = line[0], line[-1]
    direction = (end - start) / np.hypot(*(end - start))
    offsets = line - start
    return float(np.abs(offsets[:, 0] * direction[1] - offsets[:, 1] * direction[0]).max())


@pytest.mark.parametrize("seed", range(5))
def test_the_warp_bends_a_stroke_smoothly_between_grid_points(seed):
    """Displacements drawn at the middle and the edges of the digit and interpolated linearly between:
    a straight stroke through the middle stays straight up to the middle, then turns there."""
    *_, across, down = warp_strokes([*_BOX, _ACROSS, _DOWN], np.random.default_rng(seed), strength=0.1)
    for line in (across, down):
        halves = line[:101], line[100:]
        assert max(map(_off_straight, halves)) < 1e-6 * 100  # straight between grid points
        assert _off_straight(line) > 0.01  # and bent at the middle one
        assert np.hypot(*np.diff(line, axis=0).T).max() < 3 * 0.5  # no jump anywhere along it
