"""The three tasks of the app, following the progression of chapter 3 of the book."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Task", "TASKS", "get_task"]


@dataclass(frozen=True)
class Task:
    """A classification task on MNIST: which digits it uses and how labels map to classes."""

    id: str
    level: int
    title: str
    description: str
    classes: tuple
    digits: tuple[int, ...] = tuple(range(10))
    positive_digit: int | None = None  # set for a one-digit detector: its classes are False/True
    selection_metric: str = "accuracy"  # report key that picks the task's default model
    # Below this probability the answer is "not sure": read off the risk-coverage curve of the
    # training writers' pen digits by `python -m digit_model.studies.calibration` (column "sure from",
    # in the row of the calibration method the task's default model uses).
    sure_from: float = 0.0

    @property
    def label(self) -> str:
        """What the sidebar shows, e.g. "Level 1 - Is it a 5?"."""
        return f"Level {self.level} - {self.title}"

    @property
    def is_binary(self) -> bool:
        return len(self.classes) == 2

    def class_label(self, value) -> str:
        """A class as people read it: the 5-detector's False/True become "not 5"/"5"."""
        if self.positive_digit is not None:
            return str(self.positive_digit) if value else f"not {self.positive_digit}"
        return str(value)

    def decide(self, proba: np.ndarray, *, threshold: float = 0.5):
        """The answer for one image's class probabilities.

        A binary task says its positive class from ``threshold`` on (the chapter's decision
        threshold); the others take the most probable class.
        """
        proba = np.asarray(proba)
        if self.is_binary:
            return self.classes[1] if proba[1] >= threshold else self.classes[0]
        return self.classes[int(proba.argmax())]

    def is_sure(self, confidence: float) -> bool:
        """Is an answer given with this probability sure enough to be said without a doubt?"""
        return confidence >= self.sure_from

    def select(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Keep the samples the task uses and map digits to its classes.

        Returns ``(X_task, y_task, indices)`` where ``indices`` are positions in ``X``,
        so that errors can be traced back to the original MNIST test image.
        """
        y = np.asarray(y)
        indices = np.flatnonzero(np.isin(y, self.digits))
        return X[indices], self.target(y[indices]), indices

    def target(self, digits: np.ndarray) -> np.ndarray:
        """Map digit labels 0-9 to this task's classes."""
        digits = np.asarray(digits)
        if self.positive_digit is not None:
            return digits == self.positive_digit
        return digits.astype(np.int64)


TASKS: dict[str, Task] = {
    task.id: task
    for task in (
        Task(
            id="five_or_not",
            level=1,
            title="Is it a 5?",
            description="The book's binary 5-detector: every digit goes in, the answer is yes or no.",
            classes=(False, True),
            positive_digit=5,
            selection_metric="positive_f1",  # 90% of digits are not 5s: accuracy would flatter a lazy model
            sure_from=0.9917,
        ),
        Task(
            id="five_or_three",
            level=2,
            title="5 or 3?",
            description="Trained and evaluated on 3s and 5s only, the pair the book's error analysis dwells on.",
            classes=(3, 5),
            digits=(3, 5),
            sure_from=0.9903,
        ),
        Task(
            id="which_digit",
            level=3,
            title="Which digit?",
            description="The full multiclass problem: 0 to 9.",
            classes=tuple(range(10)),
            sure_from=0.8051,
        ),
    )
}


def get_task(task_id: str) -> Task:
    """Look a task up by id, with a message listing the valid ids."""
    try:
        return TASKS[task_id]
    except KeyError:
        raise ValueError(
            f"Unknown task {task_id!r}. Expected one of {', '.join(map(repr, TASKS))}."
        ) from None
