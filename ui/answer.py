"""What a model answers for one 28x28 image, in the words the pages show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digit_model.tasks import Task, get_task
from ui import cache

__all__ = ["Answer", "answer", "probabilities", "unknown_digit"]

_ALL_DIGITS = get_task("which_digit")
_CLEARLY = 0.5  # how sure the all-digit model must be before saying a drawing is outside the task


@dataclass(frozen=True)
class Answer:
    """The predicted label, the probability of that label, every class's probability by label,
    whether the model is sure, and the runner-up to name when it is not."""

    label: str
    confidence: float
    probabilities: dict[str, float]
    sure: bool
    runner_up: str

    @property
    def digit(self) -> int | None:
        """The digit the answer names, None for "not 5"."""
        return int(self.label) if self.label.isdigit() else None

    @property
    def headline(self) -> str:
        """What the Prediction shows: the label, or the two likeliest classes as a question."""
        return self.label if self.sure else f"{self.label} or {self.runner_up}?"


def probabilities(task: Task, model_name: str, image: np.ndarray, *, model=None) -> dict[str, float]:
    """``{class label: probability}`` for one (28, 28) image, in the model's class order; ``model``
    answers instead of the shipped one when given (the visitor's personalised model)."""
    model = cache.model(task.id, model_name) if model is None else model
    proba = model.predict_proba(image[None])[0]
    return {task.class_label(value): float(p) for value, p in zip(model.classes_.tolist(), proba)}


def answer(task: Task, model_name: str, image: np.ndarray, *, threshold: float = 0.5, model=None) -> Answer:
    """The model's answer; a binary task says "positive" from ``threshold`` on, the others take the likeliest class."""
    probs = probabilities(task, model_name, image, model=model)
    label = task.class_label(task.decide(list(probs.values()), threshold=threshold))
    runner_up = max((other for other in probs if other != label), key=probs.get)
    return Answer(label, probs[label], probs, sure=task.is_sure(probs[label]), runner_up=runner_up)


def unknown_digit(task: Task, image: np.ndarray) -> int | None:
    """The digit the all-digit default model clearly sees, when the task does not know that digit."""
    if set(task.digits) == set(_ALL_DIGITS.digits):
        return None
    probs = probabilities(_ALL_DIGITS, cache.models()[_ALL_DIGITS.id][0], image)
    digit = max(probs, key=probs.get)
    return int(digit) if int(digit) not in task.digits and probs[digit] > _CLEARLY else None
