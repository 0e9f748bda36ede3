"""Which parts of a drawing carried the answer: cover each small patch and watch the probabilities move.

:func:`occlusion` covers each small patch of a drawing and measures how the probabilities
move, so a page can colour the strokes that carried the answer (and those that argued for the
runner-up).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digit_model.basics import SIDE, as_digit, check_int

__all__ = ["PATCH", "STRIDE", "Occlusion", "occlusion"]

PATCH, STRIDE = 8, 4  # occlusion's default squares and their spacing, in pixels


@dataclass(frozen=True)
class Occlusion:
    """What covering each square patch of a drawing does to the model's probabilities.

    Attributes
    ----------
    proba : ndarray of shape (n_classes,)
        The probabilities of the drawing as it is, in the order of ``model.classes_``.
    corners : ndarray of shape (n_patches, 2)
        Each patch's top-left (row, column).
    drops : ndarray of shape (n_patches, n_classes)
        ``proba`` minus the probabilities with the patch covered: positive where the patch
        supported the class, negative where covering it raised the class. Exactly 0 for a
        patch without ink, which covering leaves unchanged.
    patch : int
        The patches' side in pixels.
    """

    proba: np.ndarray
    corners: np.ndarray
    drops: np.ndarray
    patch: int

    @property
    def answer(self) -> int:
        """The index of the most probable class, the answer the maps explain by default."""
        return int(np.argmax(self.proba))

    @property
    def runner_up(self) -> int:
        """The index of the second most probable class."""
        return int(np.argsort(-self.proba, kind="stable")[1])

    def heatmap(self, target: int | None = None) -> np.ndarray:
        """How much each pixel supports class ``target`` (an index into ``classes_``; default the answer).

        Returns
        -------
        ndarray of shape (28, 28)
            Per pixel, the mean drop of the target's probability over the patches covering it.
            Positive: covering the pixel lowers the target's probability, the ink supports it;
            negative: covering raises it, the ink argues against it. So negative values of
            ``heatmap(runner_up)`` mark the ink that keeps the runner-up from being the answer.
        """
        target = self.answer if target is None else target
        check_int(target, "target", low=0, high=len(self.proba) - 1)
        total = np.zeros((SIDE, SIDE))
        covers = np.zeros((SIDE, SIDE))
        for (row, col), drop in zip(self.corners, self.drops[:, target]):
            total[row : row + self.patch, col : col + self.patch] += drop
            covers[row : row + self.patch, col : col + self.patch] += 1
        return total / covers


def occlusion(model, image: np.ndarray, *, patch: int = PATCH, stride: int = STRIDE) -> Occlusion:
    """Cover each ``patch`` x ``patch`` square of ``image`` with background, one at a time, and
    record how every class's probability drops.

    All covered copies that differ from the drawing go to the model in one ``predict_proba``
    call; a patch without ink is not sent, since covering it changes nothing.

    Parameters
    ----------
    model : a fitted model with ``predict_proba``, as :func:`digit_model.training.registry.load_model` returns
    image : ndarray of shape (28, 28), uint8
        A drawing as :func:`digit_model.inputs.recipe.to_mnist` returns it: ink 255 on 0.
    patch : side of the covered squares, in pixels, 1 to 28. The default, PATCH, covers a piece of
        a stroke: a confident model shrugs off a 4x4 hole but not an 8x8 one (its largest
        probability drop is in ``python -m digit_model.studies.explain_costs``)
    stride : pixels between neighbouring squares; the last row and column of squares always
        reach the image's edge, so every pixel is covered by at least one

    Returns
    -------
    Occlusion
    """
    image = as_digit(image)
    check_int(patch, "patch", low=1, high=SIDE)
    check_int(stride, "stride", low=1, high=SIDE)
    starts = np.unique(np.append(np.arange(0, SIDE - patch + 1, stride), SIDE - patch))
    corners = np.array([(row, col) for row in starts for col in starts])
    inked = np.array([image[row : row + patch, col : col + patch].any() for row, col in corners])
    copies = np.repeat(image[None], 1 + inked.sum(), axis=0)
    for copy, (row, col) in zip(copies[1:], corners[inked]):
        copy[row : row + patch, col : col + patch] = 0
    proba = np.asarray(model.predict_proba(copies), dtype=float)
    drops = np.zeros((len(corners), proba.shape[1]))
    drops[inked] = proba[0] - proba[1:]
    return Occlusion(proba=proba[0], corners=corners, drops=drops, patch=patch)
