"""The one owner of the selection's session state: the task and model mirrored in the URL, the
threshold, the filters, and the keys of the widgets that set them (My digits has its own, ``ui.my_state``).

Widget keys double as test handles: AppTest ``at.selectbox(key=TASK)``, Playwright ``.st-key-task``.
"""

from __future__ import annotations

import runpy
import secrets
from pathlib import Path

import streamlit as st

from digit_model.evaluation.scoring import NORMALISATIONS
from digit_model.tasks import Task, get_task
from ui import cache, number_view

__all__ = [
    "TASK", "MODEL", "THRESHOLD", "NORMALISATION", "CANVAS", "NUMBER_CANVAS", "BRUSH", "NUMBER_BRUSH", "SOURCE", "UPLOAD", "CAMERA",
    "AS_NUMBER", "NUMBER", "PHOTOS",
    "TRUE_CLASS", "PREDICTED_CLASS", "SORT", "GALLERY_PAGE", "INSPECTED",
    "SOURCES", "SORTS", "ANY", "start", "selection", "threshold", "task_changed", "model_changed", "filters_changed",
    "inspect", "keep_gallery_page_within", "DRAWN", "EXPLAIN", "remember_drawing", "drawn_score", "threshold_slider",
]

TASK = "task"
MODEL = "model"
THRESHOLD = "threshold"  # the sliders' key; the value itself is kept under _THRESHOLD_VALUE
_THRESHOLD_VALUE = "threshold_value"
NORMALISATION = "normalisation"
# The canvas's key is new in every server process. A tab left open across a restart then mounts a
# fresh canvas from the new server, instead of keeping one whose files failed to load while the
# server was down (it showed "Failed to load CSS" and no canvas).
CANVAS = f"canvas_{secrets.token_hex(4)}"
NUMBER_CANVAS = f"number_canvas_{secrets.token_hex(4)}"  # the wide canvas of Number mode, new per process likewise
BRUSH = "brush"
NUMBER_BRUSH = "number_brush"  # the number canvas's own, thinner brush
SOURCE = "source"
UPLOAD = "upload"
CAMERA = "camera"
AS_NUMBER = "as_number"  # read a photo as a whole number
TRUE_CLASS = "true_class"
PREDICTED_CLASS = "predicted_class"
SORT = "sort"
GALLERY_PAGE = "gallery_page"
INSPECTED = "inspected"
DRAWN = "drawn"
EXPLAIN = "explain"

NUMBER = "Number"
PHOTOS = ("Upload a photo", "Take a photo")
SOURCES = ("Draw", NUMBER, *PHOTOS)
SORTS = ("most confident first", "by index")
ANY = "any"

_DEFAULTS = {
    _THRESHOLD_VALUE: 0.5,
    EXPLAIN: False,
    NORMALISATION: NORMALISATIONS[0],
    BRUSH: 18,
    NUMBER_BRUSH: number_view.BRUSH,
    SOURCE: SOURCES[0],
    AS_NUMBER: False,
    TRUE_CLASS: ANY,
    PREDICTED_CLASS: ANY,
    SORT: SORTS[0],
    GALLERY_PAGE: 1,
    INSPECTED: None,
}
_ENTRY_POINT = Path(__file__).resolve().parents[1] / "app.py"
_SHOWN_CHARACTERS = 40  # of an unknown URL value, in a notice
# What depends on the model, and so starts afresh when the task or model changes: a threshold
# suits one model's probabilities, and the filters and the inspected digit its mistakes.
_PER_MODEL = (_THRESHOLD_VALUE, TRUE_CLASS, PREDICTED_CLASS, GALLERY_PAGE, INSPECTED)


def start() -> list[str]:
    """Prepare this run's session state; return notices about URL values that were not usable.

    The URL is read once, when a session starts, so that a shared link opens the same view;
    from then on the sidebar drives the choice and the URL follows it.
    """
    if TASK not in st.session_state:
        st.session_state[TASK] = st.query_params.get(TASK)
        st.session_state[MODEL] = st.query_params.get(MODEL)
    notices = _valid_choice()
    for key, default in _DEFAULTS.items():
        st.session_state.setdefault(key, default)
    return notices


def _valid_choice() -> list[str]:
    """Replace an unknown task or model by the default one, saying so when one was asked for."""
    models = cache.models()
    notices = []
    task, model = st.session_state[TASK], st.session_state[MODEL]
    if task not in models:
        if task is not None:
            notices.append(f"There is no task {_as_code(task)}; showing {get_task(next(iter(models))).label}.")
        task = st.session_state[TASK] = next(iter(models))
    if model not in models[task]:
        if model is not None:
            notices.append(f"There is no model {_as_code(model)} for this task; showing {_as_code(models[task][0])}.")
        st.session_state[MODEL] = models[task][0]
    return notices


def _as_code(value: str) -> str:
    """A value from the URL, shown as inline code: never rendered as a link or an image, and capped."""
    text = str(value).replace("`", "'").replace("\n", " ")
    return f"`{text[:_SHOWN_CHARACTERS]}{'…' if len(text) > _SHOWN_CHARACTERS else ''}`"


def selection() -> tuple[Task, str]:
    """The selected task and model name.

    The first run of a fresh server (a shared link to a sub-page, or a tab left open across a
    restart) is Streamlit's: it finds the ``pages/`` folder and runs the page on its own, before
    ``app.py`` has set up navigation and state. Such a run hands over to ``app.py``, which runs
    the same page with everything in place, and ends there.
    """
    if TASK not in st.session_state:
        runpy.run_path(str(_ENTRY_POINT))
        st.stop()
    return get_task(st.session_state[TASK]), st.session_state[MODEL]


def threshold() -> float:
    """The decision threshold set on the Draw page (the default until it is moved)."""
    return st.session_state.get(_THRESHOLD_VALUE, _DEFAULTS[_THRESHOLD_VALUE])


def threshold_slider(positive: str) -> float:
    """The decision-threshold slider, one value shared by the Draw and Metrics pages.

    Each page has its own slider widget, and Streamlit forgets a widget's value when its page
    is left, so the value lives apart from the widget: the slider starts from it and writes to it.
    """
    st.session_state[THRESHOLD] = threshold()
    return st.slider(
        f"Decision threshold: answer {positive} when P({positive}) is at least",
        min_value=0.0, max_value=1.0, step=0.01, key=THRESHOLD, on_change=_keep_threshold,
    )


def _keep_threshold() -> None:
    st.session_state[_THRESHOLD_VALUE] = st.session_state[THRESHOLD]


def task_changed() -> None:
    """A new task starts on its default model."""
    st.session_state[MODEL] = cache.models()[st.session_state[TASK]][0]
    model_changed()


def model_changed() -> None:
    """The threshold, the filters and the inspected digit belong to the previous model."""
    for key in _PER_MODEL:
        st.session_state[key] = _DEFAULTS[key]


def inspect(index: int) -> None:
    """Show this MNIST test digit enlarged, with the model's probabilities."""
    st.session_state[INSPECTED] = index


def keep_gallery_page_within(pages: int, key: str = GALLERY_PAGE) -> None:
    """After the filters, the model or the drawings change, the page number may point past the last page."""
    st.session_state[key] = min(st.session_state[key], pages)


def filters_changed() -> None:
    """A new filter or order starts the gallery on its first page."""
    st.session_state[GALLERY_PAGE] = 1


def remember_drawing(score: float) -> None:
    """P(positive) of the drawing just answered on the Draw page, for the selected task and model."""
    st.session_state[DRAWN] = (*_selection_ids(), float(score))


def drawn_score() -> float | None:
    """The remembered P(positive) of the last drawing, if it was answered by the selected task and model."""
    remembered = st.session_state.get(DRAWN)
    return remembered[2] if remembered is not None and remembered[:2] == _selection_ids() else None


def _selection_ids() -> tuple[str, str]:
    # The ids of the selected task and model, as the session holds them.
    return st.session_state[TASK], st.session_state[MODEL]

