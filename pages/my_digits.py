"""Your own labelled drawings: how the model reads them, with and without them, and your file of them."""

from functools import partial

import numpy as np
import streamlit as st
from sklearn.metrics import confusion_matrix

from digit_model.personal.kaggle_csv import to_kaggle_csv
from digit_model.personal.my_digits import MyDigits
from ui import cache, charts, my_state, state
from ui.guard import or_stop
from ui.pictures import enlarged
from ui.reports import page_of

COLUMNS = 6
TILE_SIZE = 84
READERS = ("this model", "this model with your digits")

task, model_name = state.selection()
st.title("My digits")
st.caption(
    "The drawings you labelled on the Draw page, which teach the model your handwriting. They are kept in this "
    "browser tab only: no other visitor sees them, and they are gone when the tab closes or the server restarts, "
    "unless you download them."
)


def your_file() -> MyDigits:
    """Bring back a downloaded file, or download the drawings as one: the drawings held after that.

    The upload is read first, so that the download buttons beside it already hold what it added."""
    save, bring = st.columns(2, gap="large")
    upload = bring.file_uploader("Bring back digits you downloaded (.npz or .csv)", type=["npz", "csv"], key=my_state.MY_UPLOAD)
    if upload is not None:
        try:
            added = my_state.bring_back(upload.file_id, upload.name, upload.getvalue())
        except ValueError as error:
            bring.error(str(error), icon=":material/block:")
        else:
            if added is not None:
                bring.success(f"Added {added} new drawing{'s' * (added != 1)} from {upload.name}.", icon=":material/upload:")
    mine = my_state.my_digits()
    buttons = save.container(horizontal=True)
    buttons.download_button(
        f"Download my digits ({len(mine)})", data=mine.save(), file_name="my_digits.npz", mime="application/octet-stream",
        icon=":material/download:", disabled=not len(mine), key="download",
    )
    buttons.download_button(  # written only when asked for: a CSV of many drawings takes a while
        "As a CSV", data=partial(to_kaggle_csv, mine), file_name="my_digits.csv", mime="text/csv",
        icon=":material/table:", disabled=not len(mine), key="download_csv",
    )
    save.caption(
        "One .npz file with your drawings, their labels, when you labelled them and what the model answered; or a CSV "
        "in Kaggle's digit-recognizer layout (label, pixel0 to pixel783), with the drawings and labels only."
    )
    return mine


def how_many(mine: MyDigits) -> None:
    """How many drawings of each digit: a few of each teach the model best."""
    counts = mine.counts()
    st.subheader(f"{len(mine)} drawing{'s' * (len(mine) != 1)} of yours")
    st.altair_chart(charts.digit_counts(counts), width="stretch")
    st.caption("How many drawings of each digit you have labelled; a few of each teach the model best.")


def how_it_reads(mine: MyDigits) -> dict:
    """The model's accuracy on the drawings of this task, alone and adapted to the other drawings; the
    page ends here when none of them is a digit of the task."""
    used = np.isin(mine.labels, task.digits)
    if not used.any():
        st.info(f"None of your drawings is a {' or '.join(map(str, task.digits))}, the digits this task reads.", icon=":material/info:")
        st.stop()
    with or_stop():
        read = cache.leave_one_out(task.id, model_name, mine.images, mine.labels)
    st.subheader(f"How {model_name} reads them")
    shipped, personal = st.columns(2)
    shipped.metric("Read right by this model", f"{read['shipped_accuracy']:.1%}", help=f"of your {read['n']} drawings this task reads")
    personal.metric(
        "Read right with your other digits", f"{read['personal_accuracy']:.1%}",
        delta=f"{(read['personal_accuracy'] - read['shipped_accuracy']) * 100:+.1f} points", delta_color="normal",
    )
    st.caption(
        "Leave-one-out: each drawing is read by the model adapted to all your OTHER drawings, never to itself, so this is "
        "what teaching it would have done for a drawing it had not seen."
    )
    return read


def confusions(read: dict) -> None:
    """What was read for what you drew, by the model alone or adapted to your other drawings."""
    reader = st.segmented_control("Confusion matrix of", READERS, key=my_state.MY_READER, required=True, default=READERS[0])
    truths = [row["truth"] for row in read["drawings"]]
    answers = [row["shipped" if reader == READERS[0] else "personal"] for row in read["drawings"]]
    labels = [task.class_label(value) for value in task.classes]
    matrix = confusion_matrix(truths, answers, labels=list(task.classes))
    st.altair_chart(charts.confusion_heatmap(matrix, labels, "counts"), width="content")
    st.caption("Each row is what you drew and each column what was read: off the diagonal are the model's mistakes on your hand.")


def your_drawings(mine: MyDigits, read: dict) -> None:
    """The drawings, filtered by digit and by right or wrong, newest first, each with its Delete button."""
    st.subheader("Your drawings")
    by_digit, by_outcome, paging = st.columns([2, 3, 2])
    digit = by_digit.selectbox("Digit", [state.ANY, *range(10)], key=my_state.MY_DIGIT)
    outcome = by_outcome.radio("Read by this model", my_state.OUTCOMES, key=my_state.MY_OUTCOME, horizontal=True)
    right = {row["index"]: row["shipped"] == row["truth"] for row in read["drawings"]}
    shown = [
        position for position in range(len(mine))[::-1]
        if (digit == state.ANY or mine.labels[position] == digit)
        and (outcome == my_state.OUTCOMES[0] or right.get(position) == (outcome == my_state.OUTCOMES[1]))
    ]
    if not shown:
        st.info("None of your drawings matches these filters.", icon=":material/filter_alt_off:")
        return
    tiles, pages = page_of(shown, st.session_state[my_state.MY_PAGE])
    state.keep_gallery_page_within(pages, my_state.MY_PAGE)
    paging.number_input(f"Page (of {pages}, {len(shown)} drawings)", min_value=1, max_value=pages, key=my_state.MY_PAGE)
    for row in range(0, len(tiles), COLUMNS):
        for column, position in zip(st.columns(COLUMNS), tiles[row : row + COLUMNS]):
            with column.container(border=True):
                st.image(enlarged(mine.images[position], TILE_SIZE))
                verdict = "" if position not in right else (" · read right" if right[position] else " · misread")
                st.caption(f"a **{mine.labels[position]}**{verdict} · answered {mine.answers[position]} on {mine.times[position][:16].replace('T', ' ')}")
                st.button("Delete", key=f"delete_{position}", width="stretch", on_click=my_state.forget, args=(position,))


@st.dialog("Delete all your drawings?")
def confirm_forget_all(count: int) -> None:
    """Ask once more before every drawing goes: there is no undo."""
    st.write(f"All {count} drawings go, and the model's answers stop using them. Download them first to keep a copy.")
    yes, no = st.columns(2)
    # Callbacks, so that the choice counts even on a run that does not draw the dialog again.
    deleted = yes.button("Delete all", type="primary", key="forget_all_yes", on_click=my_state.forget_all)
    if deleted or no.button("Keep them", key="forget_all_no"):
        st.rerun()


mine = your_file()
if not len(mine):
    st.info(
        "No drawings yet. Draw a digit on the Draw page, then say whether the answer was right: each drawing you "
        "label lands here.",
        icon=":material/draw:",
    )
    st.stop()
how_many(mine)
read = how_it_reads(mine)
confusions(read)
your_drawings(mine, read)
if st.button("Delete all my digits", icon=":material/delete:", key="forget_all"):
    confirm_forget_all(len(mine))
