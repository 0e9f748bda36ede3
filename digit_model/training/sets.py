"""What each shipped model is fitted on: the task's MNIST digits, and the training writers' pen drawings.

Models trained on MNIST + pen also learn from the pen digits of the training writers, drawn on
the canvas (seeded) and optionally bent; the calibration folds keep each writer whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digit_model.inputs.canvas import pen_images
from digit_model.inputs.pendigits import load_pendigits
from digit_model.models.catalogue import MODELS, make_model, writer_folds
from digit_model.tasks import Task

__all__ = ["fit_model", "pen_recipe", "PenDrawings", "TrainingSet", "pen_drawings", "training_set"]

_PEN_TRAIN_SEED = 1  # the evaluation writers are drawn with test_sets.PEN_TEST_SEED


def fit_model(task_id: str, name: str, data: TrainingSet):
    """A fresh model ``name`` for ``task_id`` fitted on ``data``; one that learns from pen digits
    calibrates on folds that keep its writers whole (:func:`digit_model.models.catalogue.writer_folds`)."""
    model = make_model(task_id, name)
    if MODELS[name].pen_renders:
        model.set_params(cv=writer_folds(data.groups))
    return model.fit(data.X, data.y)


def pen_recipe(task_id: str, name: str) -> tuple[int, float]:
    """How many times model ``name`` draws each pen digit for ``task_id``, and how far it bends them."""
    spec = MODELS[name]
    return spec.pen_renders, spec.pen_warp.get(task_id, 0.0)


@dataclass(frozen=True)
class PenDrawings:
    """The training writers' pen digits, each drawn ``renders`` times on the canvas.

    render : for each row, which drawing of its digit it is; 0 draws the strokes as written
    """

    images: np.ndarray
    digits: np.ndarray
    writers: np.ndarray
    render: np.ndarray


@dataclass(frozen=True)
class TrainingSet:
    """What one model of one task is fitted on.

    groups : for each row, the writer of a pen drawing, or one of two halves (-1, -2) for MNIST
        digits (whose writers are unknown), so that calibration can hold out whole writers
    as_written : the pen drawings of the strokes as written (each digit's first drawing), on
        which a study judges a model; the others may be bent
    """

    X: np.ndarray
    y: np.ndarray
    is_pen: np.ndarray
    groups: np.ndarray
    as_written: np.ndarray


def pen_drawings(source=None, *, renders: int, warp: float = 0.0, writers: tuple[int, ...] | None = None,
                 split: str | None = "train", log=print) -> PenDrawings:
    """The training writers' pen digits (only ``writers``' when given) drawn on the canvas ``renders`` times (seeded).

    With ``warp``, every drawing after the first bends the strokes (:mod:`digit_model.inputs.warp`).
    ``split`` None draws from all thirty writers, for the study that holds out each writer in turn
    (:mod:`digit_model.studies.writer_folds`); every shipped model learns from the training writers only.
    """
    pen = load_pendigits(source, split=split)
    if writers is not None:
        pen = pen.by_writers(writers)
    bent = f", all but the first bent by a warp of {warp:g}" if warp else ""
    whose = "the training writers" if split == "train" else f"{len(np.unique(pen.writers))} writers"
    log(f"Drawing {len(pen):,} pen digits of {whose} {renders} times each{bent}...")
    images, digits = pen_images(pen, seed=_PEN_TRAIN_SEED, renders=renders, warp=warp)
    return PenDrawings(images, digits, np.tile(pen.writers, renders), np.repeat(np.arange(renders), len(pen)))


def training_set(task: Task, X_train: np.ndarray, y_train: np.ndarray, pen: PenDrawings | None = None) -> TrainingSet:
    """The task's MNIST training digits, followed by its pen drawings when ``pen`` is given."""
    X, y, _ = task.select(X_train, y_train)
    halves = -1 - np.arange(len(y)) % 2
    if pen is None:
        return TrainingSet(X, y, np.zeros(len(y), bool), halves, np.zeros(len(y), bool))
    Xp, yp, kept = task.select(pen.images, pen.digits)
    mnist = np.zeros(len(y), bool)
    return TrainingSet(
        X=np.concatenate([X, Xp]),
        y=np.concatenate([y, yp]),
        is_pen=np.concatenate([mnist, np.ones(len(yp), bool)]),
        groups=np.concatenate([halves, pen.writers[kept]]),
        as_written=np.concatenate([mnist, pen.render[kept] == 0]),
    )
