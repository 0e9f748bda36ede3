"""A visitor's own labelled drawings: the collection the My digits page shows, saves and reads back.

Every labelled drawing keeps its 28x28 image, the digit the visitor says it is, when it was
labelled, which model answered it (``"task/model"``), that answer as the page showed it, and the
model's probabilities. :class:`MyDigits` is immutable: adding or deleting returns a new collection,
so a page can hold one per session and never shares or mutates another visitor's.

:meth:`MyDigits.save` writes a compressed ``.npz`` and :meth:`MyDigits.load` reads one back on any
deployment, refusing anything else (a foreign, truncated, pickled or oversized file) with one
sentence.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

import numpy as np

from digit_model.basics import SIDE, as_digit, as_labels
from digit_model.tasks import get_task

__all__ = ["MAX_DRAWINGS", "MyDigits"]

#: Most drawings one visitor can keep, and a saved file may hold.
MAX_DRAWINGS = 2_000

_WIDTH = 10  # probability columns kept per drawing: the most classes a task has; fewer are padded with 0
_FORMAT = "digit_model.my_digits/1"  # marks a file as ours, so a foreign .npz is refused by name
_MAX_UNPACKED = 64 * 1024 * 1024  # bytes a saved file may unpack to: refuses zip bombs before reading
_MAX_TEXT = 100  # characters of a model name or an answer
_ARRAYS = ("images", "labels", "times", "models", "answers", "probabilities")


def _empty(shape: tuple, dtype) -> np.ndarray:
    return np.zeros(shape, dtype)


@dataclass(frozen=True)
class MyDigits:
    """A visitor's labelled drawings, oldest first.

    images : ndarray of shape (n, 28, 28), uint8
    labels : ndarray of shape (n,), int64, the digit 0-9 the visitor says each drawing is
    times : ndarray of shape (n,), str, when each was labelled (ISO 8601)
    models : ndarray of shape (n,), str, the ``"task/model"`` that answered it
    answers : ndarray of shape (n,), str, that model's answer as the page showed it ("7", "not 5")
    probabilities : ndarray of shape (n, 10), float64, that model's probabilities in the order of
        its task's classes, padded with zeros past the task's classes
    """

    images: np.ndarray = field(default_factory=lambda: _empty((0, SIDE, SIDE), np.uint8))
    labels: np.ndarray = field(default_factory=lambda: _empty(0, np.int64))
    times: np.ndarray = field(default_factory=lambda: _empty(0, "<U1"))
    models: np.ndarray = field(default_factory=lambda: _empty(0, "<U1"))
    answers: np.ndarray = field(default_factory=lambda: _empty(0, "<U1"))
    probabilities: np.ndarray = field(default_factory=lambda: _empty((0, _WIDTH), np.float64))

    def __post_init__(self) -> None:
        checked = _checked(**{name: getattr(self, name) for name in _ARRAYS})
        for name in _ARRAYS:
            object.__setattr__(self, name, checked[name])

    def __len__(self) -> int:
        return len(self.labels)

    def add(self, image: np.ndarray, label: int, *, task: str, model: str, answer: str, probabilities,
            time: datetime | None = None) -> MyDigits:
        """This collection and one more drawing: ``image`` (28, 28) uint8 is a ``label``; ``model`` of
        ``task`` answered ``answer`` with ``probabilities`` (one per class of the task)."""
        if len(self) >= MAX_DRAWINGS:
            raise ValueError(f"You can keep at most {MAX_DRAWINGS:,} drawings; delete some to add more.")
        classes = len(get_task(task).classes)
        proba = np.asarray(probabilities, dtype=np.float64)
        if proba.shape != (classes,):
            raise ValueError(f"Expected {classes} probabilities for the task {task!r}; got shape {proba.shape} instead.")
        when = (time or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        return MyDigits(
            images=np.concatenate([self.images, as_digit(image)[None]]),
            labels=np.append(self.labels, label),
            times=np.append(self.times, when),
            models=np.append(self.models, f"{task}/{model}"),
            answers=np.append(self.answers, str(answer)),
            probabilities=np.vstack([self.probabilities, np.pad(proba, (0, _WIDTH - classes))]),
        )

    def without(self, positions) -> MyDigits:
        """This collection less the drawings at ``positions``."""
        keep = np.ones(len(self), bool)
        keep[np.asarray(positions, dtype=np.int64)] = False
        return self._subset(keep)

    def merged(self, other: MyDigits) -> MyDigits:
        """This collection followed by the drawings of ``other`` it does not already hold (same image,
        label and time), so that reading the same file twice adds nothing."""
        held = {self._identity(position) for position in range(len(self))}
        new = np.array([other._identity(position) not in held for position in range(len(other))], bool)
        other = other._subset(new)
        if len(self) + len(other) > MAX_DRAWINGS:
            raise ValueError(f"Together that makes {len(self) + len(other):,} drawings, more than the "
                             f"{MAX_DRAWINGS:,} you can keep; delete some first.")
        return MyDigits(**{name: np.concatenate([getattr(self, name), getattr(other, name)]) for name in _ARRAYS})

    def counts(self) -> np.ndarray:
        """How many drawings of each digit 0-9: shape (10,)."""
        return np.bincount(self.labels, minlength=10)

    def save(self) -> bytes:
        """The bytes of a compressed ``.npz`` to download; :meth:`load` reads it back."""
        buffer = io.BytesIO()
        np.savez_compressed(buffer, format=np.array(_FORMAT), **{name: getattr(self, name) for name in _ARRAYS})
        return buffer.getvalue()

    @classmethod
    def load(cls, data: bytes) -> MyDigits:
        """Read a file :meth:`save` wrote, refusing anything else with one sentence (ValueError).

        Never unpickles (``allow_pickle=False``) and checks the unpacked size before reading, so an
        uploaded file can neither run code nor fill the memory.
        """
        if not isinstance(data, (bytes, bytearray)) or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ValueError("This file is not a saved set of drawings: it is not an .npz archive.")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > _MAX_UNPACKED:
                raise ValueError(f"This file unpacks to {unpacked / 2**20:.0f} MiB, more than the "
                                 f"{_MAX_UNPACKED // 2**20} MiB a saved set of drawings can take.")
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
        except ValueError as error:
            if "pickle" in str(error).lower():
                raise ValueError("This file holds pickled objects, which a saved set of drawings never does.") from None
            if "saved set" in str(error):
                raise
            raise ValueError("This file is not a saved set of drawings: its arrays cannot be read.") from None
        # A damaged archive: cut short, corrupt compressed bytes, or a compression method zipfile lacks.
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError):
            raise ValueError("This file is not a saved set of drawings: its arrays cannot be read.") from None
        if arrays.get("format") is None or arrays["format"].shape != () or str(arrays["format"]) != _FORMAT:
            raise ValueError(f"This .npz is not a set of drawings saved by this app: it lacks the marker {_FORMAT!r}.")
        missing = [name for name in _ARRAYS if name not in arrays]
        if missing:
            raise ValueError(f"This file of drawings lacks the array{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}.")
        return cls(**{name: arrays[name] for name in _ARRAYS})

    def _subset(self, keep: np.ndarray) -> MyDigits:
        return replace(self, **{name: getattr(self, name)[keep] for name in _ARRAYS})

    # What makes two drawings the same drawing.
    def _identity(self, position: int) -> tuple:
        return self.images[position].tobytes(), int(self.labels[position]), str(self.times[position])


# The arrays of a set of drawings, validated together; each fault is one sentence.
def _checked(*, images, labels, times, models, answers, probabilities) -> dict[str, np.ndarray]:
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE) or images.dtype != np.uint8:
        raise ValueError(f"The drawings must be 28x28 uint8 images, shape (n, 28, 28); got {images.dtype} of shape {images.shape} instead.")
    n = len(images)
    if n > MAX_DRAWINGS:
        raise ValueError(f"A set of drawings holds at most {MAX_DRAWINGS:,}; this one has {n:,}.")
    labels = as_labels(labels, n)
    texts = {}
    for name, value, what in (("times", times, "ISO 8601 times"), ("models", models, "model names"), ("answers", answers, "answers")):
        value = np.asarray(value)
        if value.shape != (n,) or (n and value.dtype.kind != "U") or (n and max(map(len, value)) > _MAX_TEXT):
            raise ValueError(f"Expected {n} {what} of at most {_MAX_TEXT} characters, one per drawing; "
                             f"got {value.dtype} of shape {value.shape} instead.")
        texts[name] = value.astype(str)
    probabilities = np.asarray(probabilities)
    if (probabilities.shape != (n, _WIDTH) or probabilities.dtype.kind != "f"
            or not np.all((probabilities >= 0) & (probabilities <= 1))):
        raise ValueError(f"The probabilities must be numbers from 0 to 1, shape ({n}, {_WIDTH}); "
                         f"got {probabilities.dtype} of shape {probabilities.shape} instead.")
    return {"images": images, "labels": labels, **texts, "probabilities": probabilities.astype(np.float64)}
