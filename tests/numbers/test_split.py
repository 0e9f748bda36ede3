"""The split by ink: the model asked only about the digits the best split may hold, the seams
still the least-ink paths, and a wide digit read very surely as one left whole."""

import numpy as np
import pytest
from scipy import ndimage

from digit_model.inputs.canvas import draw_lines
from digit_model.inputs.recipe import ink_strength
from digit_model.numbers import split
from digit_model.numbers.pieces import Piece, cheapest, piece_of
from digit_model.numbers.reading import read_number
from tests.numbers.written import write


def _total(costs: dict, chosen: list) -> float:
    return sum(costs[key] for key in chosen)


@pytest.mark.parametrize("seed", range(20))
def test_reading_lazily_finds_the_cheapest_split_of_reading_every_digit(seed):
    rng = np.random.default_rng(seed)
    last = int(rng.integers(2, 9))
    spans = [(i, j) for i in range(last + 1) for j in range(i + 1, min(i + 4, last) + 1) if (i, j) != (0, last)]
    bounds = {span: float(rng.uniform(0, 2)) for span in spans} | {(0, last): float(rng.uniform(0, 6))}
    costs = {span: bound + float(rng.exponential(3)) for span, bound in bounds.items()}
    asked = []

    def read(keys):
        asked.extend(keys)
        return [costs[key] for key in keys]

    chosen = split._read_lazily(bounds, last, read)
    assert _total(costs, chosen) == pytest.approx(_total(costs, cheapest(costs, last)))
    assert len(asked) == len(set(asked)) and set(chosen) <= set(asked)  # each digit read once, the split's all read


def test_reading_lazily_asks_only_about_digits_of_splits_that_may_be_cheapest():
    bounds = {(0, 1): 0.1, (1, 2): 0.1, (2, 4): 6.0, (0, 4): 2.0}
    asked = []
    chosen = split._read_lazily(bounds, 4, lambda keys: asked.extend(keys) or [bounds[key] + 0.5 for key in keys])
    assert chosen == [(0, 4)] and asked == [(0, 4)]  # no split whose bounds are dearer than the whole read is read


def _reference_seam(own: np.ndarray, centre: int, band: int) -> float:
    """The least ink of a top-to-bottom path within ``band`` columns of ``centre``, one column
    sideways at most per row at _DIAGONAL each, worked out cell by cell."""
    rows, width = own.shape
    columns = [c for c in range(centre - band, centre + band + 1) if 0 <= c < width]
    best = {c: own[0, c] for c in columns}
    for row in range(1, rows):
        best = {c: own[row, c] + min(best[c], *(best[c + d] + split._DIAGONAL for d in (-1, 1) if c + d in best)) for c in columns}
    return min(best.values())


def test_each_seam_crosses_the_least_ink_a_path_near_its_column_can():
    rng = np.random.default_rng(0)
    own = (rng.random((40, 60)) > 0.7) * rng.random((40, 60))
    costs, paths = split._seams(own, height=40)
    band, step = max(1, round(split._BAND * 40)), max(1, round(split._APART * 40 / 2))
    for cost, path, centre in zip(costs, paths, range(step, 60 - step + 1, step)):
        assert cost == pytest.approx(_reference_seam(own, centre, band))
        assert own[np.arange(40), path].sum() <= cost + 1e-9  # the path crosses what it says
        assert np.abs(np.diff(path)).max() <= 1 and np.abs(path - centre).max() <= band


def _wide_ring(width: int, height: int = 100) -> np.ndarray:
    """A canvas with a 0 drawn ``width`` pixels wide and ``height`` tall."""
    angles = np.linspace(0, 2 * np.pi, 200)
    ring = np.column_stack([90 + height / 2 * (1 + np.sin(angles)), 20 + width / 2 * (1 + np.cos(angles))])
    return draw_lines([ring], brush=12, style="light on dark")


@pytest.mark.parametrize("sure, width, pieces", [
    (0.9995, 150, 1),  # wider than most digits, yet read as one more surely than two touching digits ever are
    (0.998, 150, 2),  # read less surely: tried as several
    (1.0, 200, 2),  # wider than any digit: tried as several however sure
])
def test_a_wide_piece_is_left_whole_only_when_read_very_surely_as_one(sure, width, pieces):
    found = piece_of(ink_strength(_wide_ring(width)) > 0)
    asked = []

    def confidences(parts):
        asked.extend(parts)
        return np.full(len(parts), sure)

    assert split._plainly_one(found, confidences) == (pieces == 1)
    assert (len(asked) > 0) == (width <= split._WIDEST * found.height)


def test_a_wide_0_read_surely_stays_one_digit(digit_reader):
    reading = read_number(_wide_ring(150), model=digit_reader)
    assert reading.text == "0"


class _Counting:
    """A model that counts the digits it is asked to read."""

    def __init__(self, model):
        self.model, self.classes_, self.rows = model, model.classes_, 0

    def predict_proba(self, X):
        self.rows += len(X)
        return self.model.predict_proba(X)


def test_touching_digits_are_read_with_few_candidate_digits(digit_reader):
    canvas, _, _ = write((2, 3, 0, 7), gap=-8)
    counting = _Counting(digit_reader)
    reading = read_number(canvas, model=counting)
    assert reading.text == "2307"
    assert counting.rows <= 2 * len(reading.digits)  # reading every candidate digit took 27


def _canvas(strokes: list[list[tuple[float, float]]], *, brush: float = 12) -> np.ndarray:
    """A canvas with polylines of (x, y) canvas points."""
    return draw_lines([np.array(stroke, float)[:, ::-1] for stroke in strokes], brush=brush, style="light on dark")


_FOUR_APART = [[(70, 90), (35, 150), (75, 150)], [(93, 112), (93, 180)]]  # the upright clear of the bar's end
_ONE = [(150, 103), (168, 90), (168, 180)]


@pytest.mark.parametrize("number, text", [(_FOUR_APART, "4"), (_FOUR_APART + [_ONE], "41")], ids=["4", "41"])
def test_a_4_whose_upright_stands_apart_from_its_bar_is_one_digit(digit_reader, number, text):
    ink = ink_strength(_canvas(number))
    assert len(split._grouped(_boxes(ink), 102)) == len(text) + 1  # the 4's two strokes do not meet
    assert read_number(_canvas(number), model=digit_reader).text == text


@pytest.mark.parametrize("gap", [12, 30])
def test_a_1_beside_a_small_0_is_not_joined_to_it_even_where_together_they_look_like_a_6(digit_reader, gap):
    ring = 110 + 22 * np.cos(np.linspace(0, 2 * np.pi, 100)), 192 + 28 * np.sin(np.linspace(0, 2 * np.pi, 100))
    number = [[(30, 60), (48, 40), (48, 220)], list(zip(ring[0] + gap - 12, ring[1]))]
    assert read_number(_canvas(number, brush=28), model=digit_reader).text == "10"


def _boxes(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    labels, _ = ndimage.label(ink > 0, structure=np.ones((3, 3), bool))
    return [(s[0].start, s[1].start, s[0].stop, s[1].stop) for s in ndimage.find_objects(labels)]


def _part(col0: int, col1: int, rows: tuple[int, int] = (0, 50)) -> Piece:
    return Piece((rows[0], col0, rows[1], col1), np.ones((rows[1] - rows[0], col1 - col0), bool))


@pytest.mark.parametrize("second, parts", [
    (_part(15, 45), 1),  # shares 25 of the narrower one's 30 columns: a seam bent through one digit
    (_part(26, 60), 2),  # shares 14 of 34: touching digits overlap a little
    (_part(35, 60, rows=(10, 40)), 2),  # apart
])
def test_cut_parts_lying_over_each_other_are_one_digit_as_pieces_apart_are(second, parts):
    first = _part(0, 40)
    joined = split._overlaps_joined([first, second])
    assert len(joined) == parts
    if parts == 1:
        assert joined[0].box == (0, 0, 50, 45) and joined[0].mask.all()
    else:
        assert joined == [first, second]
