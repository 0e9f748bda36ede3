"""The strokes a caller hands over, checked at the boundary, and those read from the canvas's fabric.js paths."""

import numpy as np
import pytest

from digit_model.numbers.strokes import as_strokes, canvas_strokes
from tests.numbers.written import DRAWN

SHAPE = (100, 200)  # an ink of 100 rows and 200 columns


def test_strokes_are_taken_as_float_points_in_ink_pixels_their_scale_given_by_name():
    checked = as_strokes([[[10, 20], [30, 40]], np.array([[50, 60]])], SHAPE, scale=2.0)
    assert [stroke.tolist() for stroke in checked] == [[[5.0, 10.0], [15.0, 20.0]], [[25.0, 30.0]]]
    assert all(stroke.dtype == float for stroke in checked)
    with pytest.raises(TypeError):
        as_strokes([[[10, 20]]], SHAPE, 2.0)


def test_no_strokes_are_no_strokes_whatever_memory_held_before():
    """Run after freeing an array of one point far off the image, whose memory NumPy hands out
    again for the next array of that size: nothing left over may be taken for a stroke."""
    far = np.full((1, 2), -1e9)
    del far
    assert as_strokes([], SHAPE) == []


@pytest.mark.parametrize("bad, shape", [
    (np.zeros((3, 3)), "(3, 3)"),
    (np.zeros(2), "(2,)"),
    (np.zeros((0, 2)), "(0, 2)"),
    (np.array([[1.0, np.nan]]), "(1, 2)"),
    (np.array([[1.0, np.inf]]), "(1, 2)"),
], ids=["three columns", "one point flat", "no points", "not a number", "infinite"])
def test_a_stroke_that_is_no_list_of_x_y_points_is_refused_by_its_number(bad, shape):
    with pytest.raises(ValueError, match=f"stroke 2 has shape {shape.replace('(', '[(]').replace(')', '[)]')}"):
        as_strokes([np.zeros((2, 2)), bad], SHAPE)


@pytest.mark.parametrize("point, lies_on", [
    ((-1.0, -1.0), True), ((201.0, 101.0), True),  # within a pixel of the ink's edges
    ((-1.5, 50.0), False), ((50.0, -1.5), False), ((201.5, 50.0), False), ((50.0, 101.5), False),
])
def test_strokes_may_reach_a_pixel_past_the_inks_edges_and_no_farther(point, lies_on):
    if lies_on:
        assert as_strokes([np.array([point])], SHAPE)[0].tolist() == [list(point)]
    else:
        with pytest.raises(ValueError, match="The strokes must lie on the image"):
            as_strokes([np.array([point])], SHAPE)


def test_strokes_off_the_image_are_refused_saying_where_in_the_images_pixels():
    with pytest.raises(ValueError) as refused:
        as_strokes([np.array([[20.0, 30.0], [-6.0, 8.0]]), np.array([[410.0, 4.0]])], SHAPE, scale=2.0)
    assert str(refused.value) == (
        "The strokes must lie on the image (400 x 200 pixels, x then y); they reach from (-6, 4) to (410, 30)."
    )


@pytest.mark.parametrize("placed", [
    {},
    {"type": "path", "originX": "left", "originY": "top", "left": 5, "top": 15},
    {"originX": "right", "originY": "bottom", "left": 75, "top": 85},
], ids=["fabric.js 7: by the centre", "earlier: by the top left", "by the bottom right"])
def test_the_canvas_strokes_are_read_from_its_fabric_paths(placed):
    drawn = DRAWN | placed
    moved = drawn | {"left": drawn["left"] + 100}
    json_data = {"objects": [drawn, {"type": "rect", "left": 0, "top": 0}, moved]}
    first, second = canvas_strokes(json_data)
    assert first.tolist() == [[10, 20], [30, 40], [50, 60], [70, 80]]  # the curve traced at its middle too
    assert second.tolist() == [[110, 20], [130, 40], [150, 60], [170, 80]]
    assert canvas_strokes(None) == [] and canvas_strokes({"objects": []}) == []


def test_a_curve_is_traced_at_its_middle_from_the_point_before_it_and_a_curve_starting_a_path_is_its_end_point():
    path = [["Q", 0, 0, 10, 20], ["Q", 30, 60, 50, 20], ["Q", 60, 0, 70, 40], ["L", 80, 0]]
    (stroke,) = canvas_strokes({"objects": [{"type": "path", "path": path}]})
    assert stroke.tolist() == [[10, 20], [30, 40], [50, 20], [60, 15], [70, 40], [80, 0]]


def test_only_paths_with_commands_are_strokes_and_commands_other_than_lines_and_curves_are_left_out():
    objects = [{"type": "path", "path": []}, {"type": "line", "path": [["M", 1, 2]]},
               {"type": "PATH", "path": [["M", 1, 2], ["Z"], ["L", 3, 4]]}]
    (stroke,) = canvas_strokes({"objects": objects})
    assert stroke.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("off, moved", [(1.5, 0.0), (2.0, 0.0), (2.5, 2.5)])
def test_a_path_placed_up_to_two_pixels_off_its_traced_points_was_not_moved(off, moved):
    (stroke,) = canvas_strokes({"objects": [DRAWN | {"left": DRAWN["left"] + off, "top": DRAWN["top"] - off}]})
    assert stroke.tolist() == [[10 + moved, 20 - moved], [30 + moved, 40 - moved], [50 + moved, 60 - moved], [70 + moved, 80 - moved]]


def test_a_path_without_origin_or_stroke_width_is_placed_by_its_top_left_and_without_box_is_not_moved():
    bare = {key: value for key, value in DRAWN.items() if key not in ("originX", "originY", "strokeWidth")}
    (stroke,) = canvas_strokes({"objects": [bare | {"left": 110, "top": 20}]})  # its box's top left, 100 right of the traced
    assert stroke.tolist() == [[110, 20], [130, 40], [150, 60], [170, 80]]
    (stroke,) = canvas_strokes({"objects": [{key: value for key, value in DRAWN.items() if key != "width"}]})
    assert stroke.tolist() == [[10, 20], [30, 40], [50, 60], [70, 80]]
