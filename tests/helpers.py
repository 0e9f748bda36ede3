"""What several test modules share: skipping for want of data, small generated pen digits and a
scorer with given scores. Fixtures live in the conftest.py files; this module holds plain names."""

from __future__ import annotations

import os

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier


def _missing(variable: str) -> bool:
    # REQUIRE_MNIST=1 (CI) makes a test that needs the data run, and fail for want of it.
    return not os.environ.get(variable) and os.environ.get("REQUIRE_MNIST") != "1"


def _reason(variable: str, what: str) -> str:
    return f"set {variable} to {what} to run this test (CI does)"


def skip_without(variable: str, what: str) -> None:
    """Skip, with a one-line reason, the fixture or test calling this when ``$variable`` is unset."""
    if _missing(variable):
        pytest.skip(_reason(variable, what))


# Skip, with a one-line reason, a test that reads MNIST or the real pen digits when their variable is unset.
needs_mnist = pytest.mark.skipif(_missing("MNIST_PATH"), reason=_reason("MNIST_PATH", "a MNIST copy"))
needs_pen = pytest.mark.skipif(_missing("PENDIGITS_PATH"), reason=_reason("PENDIGITS_PATH", "pendigits-orig.tra"))


# Two digits in the pen file's format: a 7 with a crossbar (two strokes) by writer 12, a 1 by writer 3.
TWO_DIGITS = """.INCLUDE dene.doc
.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"

.SEGMENT DIGIT    0 ? "7"
.COMMENT 7 12  224
.PEN_DOWN
 100  300
 200  300
 150  100
.PEN_UP
.PEN_DOWN
 120  200
 180  200
.PEN_UP
.DT 100

.SEGMENT DIGIT    1 ? "1"
.COMMENT 1 3   54
.PEN_DOWN
 150  300
 150  100
.PEN_UP
.DT 100
"""

# A hand-drawn stroke plan per digit, (x, y) with y up on a 100x100 pad; a list per stroke.
_PEN_PLANS = {
    0: [[(50, 100), (20, 80), (15, 40), (35, 3), (65, 3), (85, 40), (80, 80), (50, 100)]],
    1: [[(35, 80), (55, 100), (55, 0)]],
    2: [[(20, 80), (50, 100), (80, 80), (70, 50), (20, 0), (85, 0)]],
    3: [[(20, 90), (70, 95), (40, 55), (78, 30), (50, 0), (18, 12)]],
    4: [[(55, 100), (15, 35), (85, 35)], [(65, 70), (65, 0)]],
    5: [[(30, 100), (25, 60), (65, 60), (78, 28), (55, 0), (20, 10)], [(30, 100), (80, 100)]],
    6: [[(70, 100), (30, 60), (22, 20), (50, 0), (78, 20), (62, 48), (25, 38)]],
    7: [[(20, 100), (80, 100), (38, 0)], [(35, 50), (70, 50)]],
    8: [[(70, 85), (50, 100), (28, 85), (72, 25), (50, 0), (28, 25), (72, 85)]],
    9: [[(75, 70), (50, 50), (25, 70), (50, 100), (75, 80), (75, 0)]],
}


def pen_text(*, per_digit: int, seed: int) -> str:
    """UNIPEN text of ``per_digit`` jittered samples of every digit for each of the 30 writers:
    a stand-in for the real pen file wherever a test needs pen digits but not the real ones."""
    rng = np.random.default_rng(seed)
    lines = ['.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"']
    for writer in range(1, 31):
        for sample in range(per_digit * 10):
            digit = sample % 10
            lines += [f'.SEGMENT DIGIT {sample} ? "{digit}"', f".COMMENT {digit} {writer} {sample}"]
            for stroke in _PEN_PLANS[digit]:
                points = np.array(stroke, float) * rng.uniform(0.8, 1.2, size=2) + rng.normal(0, 3, (len(stroke), 2))
                lines += [".PEN_DOWN", *(f" {x:.0f} {y:.0f}" for x, y in points + 200), ".PEN_UP"]
    return "\n".join(lines) + "\n"


class FixedScores(DummyClassifier):
    """A classifier whose P(positive) is given per sample, to check the report against sklearn."""

    def __init__(self, scores=None):
        super().__init__()
        self.scores = scores

    def predict_proba(self, X):
        return np.column_stack([1 - self.scores, self.scores])
