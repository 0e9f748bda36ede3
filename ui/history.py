"""The last inputs of a visit, as the model saw them, with the answers they got.

A pure value without Streamlit, so that a unit test and the Draw page check the same rule:
the history keeps the newest ``KEPT`` inputs and drops the oldest, and an input already in it
(the same drawing answered again on a rerun, or one shown again from the history) is not added twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["KEPT", "Seen", "History"]

KEPT = 20


@dataclass(frozen=True, eq=False)
class Seen:
    """One input: its number in the visit (a stable handle for its button), the (28, 28) image the model saw, and its answer."""

    number: int
    image: np.ndarray
    answer: str


@dataclass(frozen=True)
class History:
    """The kept inputs, oldest first, and how many inputs the visit has had (which numbers the next one)."""

    seen: tuple[Seen, ...] = ()
    count: int = 0

    def added(self, image: np.ndarray, answer: str) -> History:
        """This history with ``image`` and its ``answer`` as the newest input, the oldest dropped beyond KEPT;
        this very history when the image is already in it."""
        if any(np.array_equal(seen.image, image) for seen in self.seen):
            return self
        image = np.array(image, dtype=np.uint8)  # a copy of its own, which no later change to the input can reach
        image.flags.writeable = False
        newest = Seen(self.count + 1, image, answer)
        return History((*self.seen, newest)[-KEPT:], self.count + 1)

    def newest_first(self) -> Iterator[Seen]:
        return reversed(self.seen)

    def __len__(self) -> int:
        return len(self.seen)
