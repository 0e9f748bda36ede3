"""The occlusion map: how much covering each patch of a drawing moves the model's answer."""

import numpy as np
import pytest
from scipy import ndimage

from digit_model.explain.occlusion import PATCH, occlusion
from tools.fonts import font_digits


def _one_stroke() -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 13:16] = 255
    return image


def test_the_occlusion_map_marks_the_drawn_stroke_and_not_the_empty_background(digit_reader):
    image = _one_stroke()
    heat = occlusion(digit_reader, image).heatmap()
    ink = image > 0
    far = ndimage.distance_transform_cdt(~ink, metric="chessboard") >= PATCH  # no patch reaches both
    assert heat.shape == (28, 28)
    assert np.abs(heat[far]).max() < 1e-12
    assert np.abs(heat[ink]).mean() > 1e-3


@pytest.mark.parametrize("patch, stride", [(4, 2), (5, 5)], ids=["overlapping", "edge squares added"])
def test_covering_the_most_important_patch_changes_the_probability_the_most(three_or_five, patch, stride):
    image = font_digits(4, seed=3)[0][3]  # a font 3
    found = occlusion(three_or_five, image, patch=patch, stride=stride)
    proba = three_or_five.predict_proba(image[None])[0]
    drops, total, covers = [], np.zeros((28, 28)), np.zeros((28, 28))
    for row in range(0, 28 - patch + 1):
        for col in range(0, 28 - patch + 1):
            if not ((row % stride == 0 or row == 28 - patch) and (col % stride == 0 or col == 28 - patch)):
                continue
            covered = image.copy()
            covered[row : row + patch, col : col + patch] = 0
            drops.append(proba - three_or_five.predict_proba(covered[None])[0])
            total[row : row + patch, col : col + patch] += drops[-1][found.answer]
            covers[row : row + patch, col : col + patch] += 1
    drops = np.array(drops)
    assert covers.min() >= 1
    assert np.allclose(found.proba, proba, atol=1e-9)
    assert np.allclose(found.drops, drops, atol=1e-9)
    assert found.drops[:, found.answer].argmax() == drops[:, found.answer].argmax()
    assert drops[:, found.answer].max() > 0.05
    assert np.allclose(found.heatmap(), total / covers, atol=1e-9)
    assert np.allclose(found.heatmap(found.runner_up), -found.heatmap(), atol=1e-9)  # two classes: one's gain is the other's loss


def test_occlusion_checks_its_input(three_or_five):
    with pytest.raises(ValueError, match="28x28 uint8 image.*float64 of shape \\(28, 28\\)"):
        occlusion(three_or_five, np.zeros((28, 28)))
    with pytest.raises(ValueError, match="'patch' parameter must be an integer from 1 to 28; got 0"):
        occlusion(three_or_five, _one_stroke(), patch=0)
    with pytest.raises(ValueError, match="'target' parameter must be an integer from 0 to 1; got 2"):
        occlusion(three_or_five, _one_stroke()).heatmap(2)
