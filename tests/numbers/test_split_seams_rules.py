"""The least-ink seams that may part touching digits: how far a seam may lean, what stepping
aside costs, where seams are tried, and which of two equally cheap seams is taken."""

import numpy as np
import pytest

from digit_model.numbers import split


def walls_with_a_gap(rows: int, width: int, start: int, stop: int) -> np.ndarray:
    """Ink everywhere but a gap one column wide running straight from column ``start`` in the top
    row to column ``stop`` in the bottom one, a column sideways at most per row."""
    own = np.ones((rows, width))
    own[np.arange(rows), np.round(np.linspace(start, stop, rows)).astype(int)] = 0.0
    return own


def seam_at(own: np.ndarray, height: int, centre: int, step: int) -> tuple[float, np.ndarray]:
    """The ink crossed by, and the path of, the seam tried at column ``centre`` (seams are tried
    every ``step`` columns from column ``step`` on)."""
    _, paths = split._seams(own, height)
    path = paths[centre // step - 1]
    return own[np.arange(own.shape[0]), path].sum(), path


@pytest.mark.parametrize("height, step, start, stop, followed", [
    (40, 2, 14, 26, True),  # 6 columns (0.15 of the height) to either side of column 20
    (40, 2, 14, 27, False),
    (6, 1, 4, 6, True),  # a column to either side of column 5, in a piece 6 rows tall
    (6, 1, 3, 7, False),
    (3, 1, 4, 6, True),  # and in one 3 rows tall
])
def test_a_seam_follows_a_gap_leaning_up_to_0_15_of_the_height_to_either_side_of_its_column(height, step, start, stop, followed):
    centre = (start + stop) // 2
    crossed, _ = seam_at(walls_with_a_gap(height, 40, start, stop), height, centre, step)
    assert (crossed == 0) == followed


@pytest.mark.parametrize("ink, around", [(0.5, True), (0.3, False)])
def test_a_seam_steps_round_ink_when_two_steps_aside_at_a_fifth_of_a_pixel_each_cost_less(ink, around):
    own = walls_with_a_gap(40, 41, 20, 20)
    own[20, 20], own[20, 19] = ink, 0.0  # a pixel of ink in the gap, a way round it on its left
    costs, paths = split._seams(own, 40)
    at = 20 // 2 - 1
    assert paths[at, 20] == (19 if around else 20)
    assert costs[at] == pytest.approx(0.4 if around else ink)


@pytest.mark.parametrize("width", [30, 31])
def test_seams_are_tried_every_0_04_of_the_height_from_that_far_in_from_either_edge_and_stay_in_the_piece(width):
    costs, paths = split._seams(np.zeros((40, width)), 40)  # every 2 columns, from column 2 to column 28
    assert len(costs) == len(paths) == 14
    assert paths.min() >= 0 and paths.max() < width


def test_in_a_piece_under_13_rows_tall_a_seam_is_tried_at_every_column():
    costs, _ = split._seams(np.zeros((10, 12)), 10)
    assert len(costs) == 11


def test_a_seam_may_run_down_the_pieces_first_or_last_column():
    own = np.ones((40, 30))
    own[:, 0] = own[:, -1] = 0.0
    costs, paths = split._seams(own, 40)
    assert costs[0] == costs[-1] == 0.0
    assert (paths[0] == 0).all() and (paths[-1] == 29).all()


def test_ink_in_the_top_row_is_crossed_once():
    own = np.zeros((40, 30))
    own[0] = 1.0
    costs, _ = split._seams(own, 40)
    assert costs == pytest.approx(np.ones(14))


@pytest.mark.parametrize("blocked, path", [(None, [4, 4, 5]), (4, [5, 5, 5])])
def test_of_two_paths_crossing_as_much_ink_a_seam_takes_the_one_coming_from_the_left_then_straight_down(blocked, path):
    """Ties go left, then straight on: the same ink always gives the same seams. Straight down
    column 5 crosses a fifth of a pixel of ink; coming from column 4 or 6 costs a step aside as dear."""
    own = np.zeros((3, 11))
    own[0, 5] = split._DIAGONAL
    own[2] = 1.0
    own[2, 5] = 0.0  # every path ends in column 5
    if blocked is not None:
        own[:2, blocked] = 1.0  # no way from the left: from column 6, or straight down
    _, found = seam_at(own, 3, 5, step=1)
    assert list(found) == path
