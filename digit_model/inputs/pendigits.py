"""Real pen-drawn digits from 30 writers outside MNIST, with their pen trajectories, split by writer.

The data is the UNIPEN file ``pendigits-orig.tra`` (Alpaydin & Alimoglu, UCI dataset 81,
CC BY 4.0). It is read at run time, like MNIST, and never shipped. Sources, in order: an
explicit path, then the ``PENDIGITS_PATH`` environment variable.

MNIST's test set only speaks for MNIST's writers. To measure how the app reads people it
has never seen, the writers are split once and for all: the digits of ``EVAL_WRITERS`` are
only ever scored, never trained, tuned or calibrated on; the other writers may be trained on.
(:mod:`digit_model.studies.writer_folds` alone fits throwaway models on them, to read the other
writers with models that never saw those: it ships and chooses nothing.)
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
    reader = _Reader(origin)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        reader.read(number, line)
    reader.close_segment(len(lines))
    if not reader.labels:
        raise PenDigitsError(f"{origin} holds no digits (no .SEGMENT lines): it is not a pendigits-orig file.")
    return PenDigits(
        strokes=reader.strokes,
        labels=np.array(reader.labels, dtype=np.int64),
        writers=np.array(reader.writers, dtype=np.int64),
        sha256=sha256,
    )


class _Reader:
    """The digits read so far, line by line; every malformed line is one sentence naming its number."""

    def __init__(self, origin: str):
        self.origin = origin
        self.strokes: list[list[np.ndarray]] = []
        self.labels: list[int] = []
        self.writers: list[int] = []
        self.current: list[np.ndarray] | None = None  # the open digit's strokes
        self.points: list[tuple[int, int]] | None = None  # the open stroke's points
        self.segment_line = 0

    def fail(self, number: int, why: str) -> PenDigitsError:
        return PenDigitsError(f"{self.origin}, line {number}: {why}. The file is not a complete pendigits-orig file.")

    def close_segment(self, number: int) -> None:
        if self.current is None:
            return
        opened = f"the digit that starts on line {self.segment_line}"
        if self.points is not None:
            raise self.fail(number, f"{opened} has a .PEN_DOWN without its .PEN_UP (truncated?)")
        if not self.current:
            raise self.fail(number, f"{opened} has no pen strokes")
        if len(self.writers) < len(self.labels):
            raise self.fail(number, f"{opened} has no .COMMENT with its writer")
        self.strokes.append(self.current)

    def read(self, number: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if stripped.startswith(".SEGMENT"):
            self.segment(number, stripped)
        elif self.current is None:
            if _POINT.match(line) or stripped.startswith((".PEN_", ".COMMENT")):
                raise self.fail(number, "pen data before the first .SEGMENT")
        elif stripped.startswith(".COMMENT"):
            self.comment(number, stripped)
        elif stripped in (".PEN_DOWN", ".PEN_UP"):
            self.pen(number, down=stripped == ".PEN_DOWN")
        elif (match := _POINT.match(line)) is not None:
            if self.points is None:
                raise self.fail(number, "a point outside any stroke")
            self.points.append((int(match[1]), int(match[2])))
        elif not stripped.startswith("."):
            raise self.fail(number, f"cannot read {stripped[:40]!r}")

    def segment(self, number: int, stripped: str) -> None:
        self.close_segment(number)
        match = _SEGMENT.match(stripped)
        if match is None or not re.fullmatch(r"\d", match["label"]):
            raise self.fail(number, "a .SEGMENT line without its digit label in quotes")
        self.labels.append(int(match["label"]))
        self.current, self.points, self.segment_line = [], None, number

    def comment(self, number: int, stripped: str) -> None:
        match = _COMMENT.match(stripped)
        if match is None:
            raise self.fail(number, "a .COMMENT line without a digit and a writer number")
        if int(match["label"]) != self.labels[-1]:
            raise self.fail(number, f"the .COMMENT says {match['label']} but the .SEGMENT says {self.labels[-1]}")
        self.writers.append(int(match["writer"]))

    def pen(self, number: int, *, down: bool) -> None:
        if down:
            if self.points is not None:
                raise self.fail(number, "a .PEN_DOWN inside a stroke that has no .PEN_UP")
            self.points = []
            return
        if self.points is None:
            raise self.fail(number, "a .PEN_UP without its .PEN_DOWN")
        if not self.points:
            raise self.fail(number, "a stroke with no points")
        self.current.append(np.array(self.points, dtype=np.float64))
        self.points = None
