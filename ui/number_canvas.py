"""Number mode's wide canvas, apart from ``ui.number_view`` so that the measurement commands can read
its size without the canvas component, which loads only inside a running app."""

from __future__ import annotations

from streamlit_drawable_canvas import st_canvas

from digit_model.numbers.strokes import canvas_strokes
from ui import state
from ui.number_view import HEIGHT, WIDTH, Written

__all__ = ["canvas"]


def canvas(brush: int) -> Written:
    """The wide canvas, with the same brush, toolbar (undo, redo, clear) and colours as the digit canvas."""
    drawn = st_canvas(
        stroke_width=brush, stroke_color="#000000", background_color="#ffffff", width=WIDTH, height=HEIGHT,
        drawing_mode="freedraw", return_image_data=True, key=state.NUMBER_CANVAS,
    )
    return Written(drawn.image_data, canvas_strokes(drawn.json_data))
