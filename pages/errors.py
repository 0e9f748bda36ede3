"""A gallery of the MNIST test digits the selected model gets wrong, to see why it fails."""

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui import cache, charts, state
from ui.answer import probabilities
from ui.guard import or_stop
from ui.pictures import enlarged
from ui.reports import mistakes, page_of

COLUMNS = 6
TILE_SIZE = 84
INSPECT_SIZE = 224

task, model_name = state.selection()
st.title(f"Errors - {task.label}")

with or_stop():
    report = cache.report(task.id, model_name)
    images, _ = cache.mnist_test(report["test_sha256"])

errors = report["errors"]
st.caption(
    f"{model_name} gets {len(errors):,} of {report['n_test']:,} test digits wrong ({len(errors) / report['n_test']:.1%}). "
    "Confident mistakes are the most telling: often the digit is ambiguous, or mislabelled."
)


def label(value) -> str:
    """Filter options read as class labels; "any" stays as it is."""
    return value if value == state.ANY else task.class_label(value)


def filters(report: dict) -> tuple[list[dict], DeltaGenerator]:
    """The filters and the order in one row, with the gallery's page number at its end: the mistakes
    they keep, and the place for the page number."""
    true_filter, predicted_filter, order, paging = st.columns([2, 2, 3, 2])
    options = [state.ANY, *report["classes"]]
    true = true_filter.selectbox(
        "True class", options, format_func=label, key=state.TRUE_CLASS, on_change=state.filters_changed,
        persist_state="session",
    )
    predicted = predicted_filter.selectbox(
        "Predicted class", options, format_func=label, key=state.PREDICTED_CLASS, on_change=state.filters_changed,
        persist_state="session",
    )
    sort = order.radio(
        "Order", state.SORTS, key=state.SORT, horizontal=True, on_change=state.filters_changed, persist_state="session"
    )
    return mistakes(report, true=true, predicted=predicted, by_index=sort == state.SORTS[1], any_value=state.ANY), paging


def inspected_digit(report: dict, images: np.ndarray) -> None:
    """The digit opened with "Inspect", enlarged, with the model's probabilities."""
    inspected = next((error for error in report["errors"] if error["index"] == st.session_state[state.INSPECTED]), None)
    if inspected is None:
        return
    with st.container(border=True):
        picture, chart = st.columns([1, 2])
        picture.image(
            enlarged(images[inspected["index"]], INSPECT_SIZE),
            caption=f"Test digit #{inspected['index']}: true {label(inspected['true'])}, "
            f"predicted {label(inspected['predicted'])}",
        )
        with chart, or_stop():
            probs = probabilities(task, model_name, images[inspected["index"]])
            st.vega_lite_chart(charts.probability_bars(probs, label(inspected["predicted"])), width="stretch")
        chart.caption("The model's probability for every class on this digit; the highlighted bar is its wrong answer.")


def gallery(shown: list[dict], images: np.ndarray, paging: DeltaGenerator) -> None:
    """One page of the mistakes kept by the filters, each with its Inspect button."""
    if not shown:
        st.info("No mistakes match these filters.", icon=":material/filter_alt_off:")
        return
    tiles, pages = page_of(shown, st.session_state[state.GALLERY_PAGE])
    state.keep_gallery_page_within(pages)
    paging.number_input(
        f"Page (of {pages}, {len(shown):,} digits)", min_value=1, max_value=pages, key=state.GALLERY_PAGE, persist_state="session"
    )
    for row in range(0, len(tiles), COLUMNS):
        for column, error in zip(st.columns(COLUMNS), tiles[row : row + COLUMNS]):
            with column.container(border=True):
                st.image(enlarged(images[error["index"]], TILE_SIZE))
                st.caption(f"true **{label(error['true'])}** · predicted **{label(error['predicted'])}** · {error['confidence']:.0%}")
                st.button(
                    "Inspect", key=f"inspect_{error['index']}", width="stretch",
                    on_click=state.inspect, args=(error["index"],),
                )


shown, paging = filters(report)
inspected_digit(report, images)
gallery(shown, images, paging)
