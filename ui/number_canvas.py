"""Number mode's wide canvas, apart from ``ui.number_view`` so that the measurement commands can read
its size without the canvas component, which loads only inside a running app."""

from __future__ import annotations

from streamlit_drawable_canvas import st_canvas

from digit_model.numbers.strokes import canvas_strokes
from ui import state
from ui.number_view import HEIGHT, WIDTH, Written

__all__ = ["canvas", "paper"]


def paper(brush: int, width: int, height: int, key: str):
    """A canvas of black ink on white with the free-drawing brush and its toolbar (undo, redo, clear): the
    digit canvas and the number canvas alike. Returns the component's result (image and JSON)."""
    return st_canvas(
        stroke_width=brush, stroke_color="#000000", background_color="#ffffff", width=width, height=height,
        drawing_mode="freedraw", return_image_data=True, key=key,
    )


def canvas(brush: int) -> Written:
    """The wide canvas of Number mode: its image and its strokes in drawing order."""
    drawn = paper(brush, WIDTH, HEIGHT, state.NUMBER_CANVAS)
    return Written(drawn.image_data, canvas_strokes(drawn.json_data))
