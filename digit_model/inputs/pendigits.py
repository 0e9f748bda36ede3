"""Real pen-drawn digits from 30 writers outside MNIST, with their pen trajectories, split by writer.

The data is the UNIPEN file ``pendigits-orig.tra`` (Alpaydin & Alimoglu, UCI dataset 81,
CC BY 4.0). It is read at run time, like MNIST, and never shipped. Sources, in order: an
explicit path, then the ``PENDIGITS_PATH`` environment variable.

MNIST's test set only speaks for MNIST's writers. To measure how the app reads people it
has never seen, the writers are split once and for all: the digits of ``EVAL_WRITERS`` are
only ever scored, never trained, tuned or calibrated on; the other writers may be trained on.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "PenDigits", "PenDigitsError", "load_pendigits", "parse", "ENV_VAR", "EVAL_WRITERS", "TRAIN_WRITERS",
]

ENV_VAR = "PENDIGITS_PATH"
#: Every third writer is kept for evaluation only: fixed, spread over the file, never chosen by score.
EVAL_WRITERS = tuple(range(3, 31, 3))
TRAIN_WRITERS = tuple(writer for writer in range(1, 31) if writer not in EVAL_WRITERS)

_SEGMENT = re.compile(r'^\.SEGMENT\b.*?"(?P<label>[^"]*)"\s*$')
_COMMENT = re.compile(r"^\.COMMENT\s+(?P<label>\d)\s+(?P<writer>\d+)\b")
_POINT = re.compile(r"^\s*(-?\d+)\s+(-?\d+)\s*$")


class PenDigitsError(ValueError):
    """The pen digits could not be read; the message says where and why."""


@dataclass(frozen=True)
class PenDigits:
    """Digits as pen strokes.

    strokes : list of n_samples lists of float arrays of shape (n_points, 2), (x, y) in
        tablet units with y pointing up, in the order the pen drew them
    labels : int64 array of shape (n_samples,), digits 0-9
    writers : int64 array of shape (n_samples,), writer ids
    sha256 : the source file's SHA-256, recorded in reports to tie a figure to its data
    """

    strokes: list[list[np.ndarray]]
    labels: np.ndarray
    writers: np.ndarray
    sha256: str

    def __len__(self) -> int:
        return len(self.labels)

    def subset(self, keep: np.ndarray) -> PenDigits:
        """The digits at the given boolean mask or indices."""
        indices = np.flatnonzero(keep) if np.asarray(keep).dtype == bool else np.asarray(keep)
        return PenDigits(
            strokes=[self.strokes[i] for i in indices],
            labels=self.labels[indices],
            writers=self.writers[indices],
            sha256=self.sha256,
        )

    def by_writers(self, writers: tuple[int, ...]) -> PenDigits:
        """Only the digits of these writers."""
        return self.subset(np.isin(self.writers, writers))


def load_pendigits(source: str | os.PathLike | None = None, *, split: str | None = None) -> PenDigits:
    """Read the pen digits from ``source``, else ``$PENDIGITS_PATH``.

    ``split`` is None for every writer, "train" for ``TRAIN_WRITERS`` or "eval" for ``EVAL_WRITERS``.
    """
    if split not in (None, "train", "eval"):
        raise ValueError(f"The split must be None, 'train' or 'eval'; got {split!r} instead.")
    source = source if source is not None else os.environ.get(ENV_VAR) or None
    if source is None:
        raise PenDigitsError(
            f"No pen digits: pass a path to pendigits-orig.tra or set {ENV_VAR} to it "
            "(for example ../shared/data/pendigits-orig.tra)."
        )
    path = Path(source).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PenDigitsError(
            f"Cannot read pen digits at {str(path)!r} ({error.strerror or error}): pass a path to "
            f"pendigits-orig.tra or set {ENV_VAR} to it."
        ) from None
    digits = parse(raw.decode("latin-1"), origin=str(path), sha256=hashlib.sha256(raw).hexdigest())
    if split is None:
        return digits
    return digits.by_writers(TRAIN_WRITERS if split == "train" else EVAL_WRITERS)


def parse(text: str, *, origin: str = "<text>", sha256: str = "") -> PenDigits:
    """Parse UNIPEN text: a header, then per digit ``.SEGMENT ... "label"``, ``.COMMENT label writer n``
    and one or more ``.PEN_DOWN`` ... ``.PEN_UP`` strokes of ``x y`` points."""
    strokes: list[list[np.ndarray]] = []
    labels: list[int] = []
    writers: list[int] = []
    current: list[np.ndarray] | None = None
    points: list[tuple[int, int]] | None = None
    segment_line = 0

    def fail(number: int, why: str) -> PenDigitsError:
        return PenDigitsError(f"{origin}, line {number}: {why}. The file is not a complete pendigits-orig file.")

    def close_segment(number: int) -> None:
        if current is None:
            return
        if points is not None:
            raise fail(number, f"the digit that starts on line {segment_line} has a .PEN_DOWN without its .PEN_UP (truncated?)")
        if not current:
            raise fail(number, f"the digit that starts on line {segment_line} has no pen strokes")
        if len(writers) < len(labels):
            raise fail(number, f"the digit that starts on line {segment_line} has no .COMMENT with its writer")
        strokes.append(current)

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(".SEGMENT"):
            close_segment(number)
            match = _SEGMENT.match(stripped)
            if match is None or not re.fullmatch(r"\d", match["label"]):
                raise fail(number, "a .SEGMENT line without its digit label in quotes")
            labels.append(int(match["label"]))
            current, points, segment_line = [], None, number
        elif current is None:
            if _POINT.match(line) or stripped.startswith((".PEN_", ".COMMENT")):
                raise fail(number, "pen data before the first .SEGMENT")
        elif stripped.startswith(".COMMENT"):
            match = _COMMENT.match(stripped)
            if match is None:
                raise fail(number, "a .COMMENT line without a digit and a writer number")
            if int(match["label"]) != labels[-1]:
                raise fail(number, f"the .COMMENT says {match['label']} but the .SEGMENT says {labels[-1]}")
            writers.append(int(match["writer"]))
        elif stripped == ".PEN_DOWN":
            if points is not None:
                raise fail(number, "a .PEN_DOWN inside a stroke that has no .PEN_UP")
            points = []
        elif stripped == ".PEN_UP":
            if points is None:
                raise fail(number, "a .PEN_UP without its .PEN_DOWN")
            if not points:
                raise fail(number, "a stroke with no points")
            current.append(np.array(points, dtype=np.float64))
            points = None
        elif (match := _POINT.match(line)) is not None:
            if points is None:
                raise fail(number, "a point outside any stroke")
            points.append((int(match[1]), int(match[2])))
        elif not stripped.startswith("."):
            raise fail(number, f"cannot read {stripped[:40]!r}")
    close_segment(len(text.splitlines()))
    if not labels:
        raise PenDigitsError(f"{origin} holds no digits (no .SEGMENT lines): it is not a pendigits-orig file.")
    return PenDigits(
        strokes=strokes,
        labels=np.array(labels, dtype=np.int64),
        writers=np.array(writers, dtype=np.int64),
        sha256=sha256,
    )
