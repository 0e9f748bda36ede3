"""On the Draw page: the notice over an image shown again (from a link or the history), and the
strip of this visit's last inputs, any of which a click shows again."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import history_state
from ui.history import KEPT
from ui.pictures import enlarged

__all__ = ["notice", "strip"]

_THUMBNAIL = 56
_SAID = {  # where an image shown again came from: what to say over it, and its icon
    history_state.FROM_LINK: (
        (
            "This image came from a link: the 28x28 input the model saw, at 16 grey levels. Draw on the canvas, or "
            "upload or take a photo, to read your own: it replaces this one."
        ),
        ":material/link:",
    ),
    history_state.FROM_HISTORY: (
        (
            "Shown again from your last inputs. Draw on the canvas (or clear it), or upload or take a photo, to read "
            "a new one: it replaces this one."
        ),
        ":material/history:",
    ),
}


def notice(shown: history_state.Shown | None) -> None:
    """The image shown again, and where it came from, above its answer."""
    if shown is None:
        return
    picture, words = st.columns([1, 3], vertical_alignment="center")
    picture.image(enlarged(shown.image, 2 * _THUMBNAIL))
    text, icon = _SAID[shown.source]
    words.info(text, icon=icon)


def strip(image: np.ndarray | None, answer: str | None) -> None:
    """Remember this input with its answer, then show the last inputs, newest first, each with a
    button (its answer) that shows it again."""
    if image is not None and answer is not None:
        history_state.remember(image, answer)
    seen = history_state.history()
    if not len(seen):
        return
    # One label whatever the count: a new label would be a new expander, closed again after every drawing.
    shelf = st.expander("Your last inputs", icon=":material/history:", key=history_state.HISTORY_OPEN, on_change="rerun")
    if not shelf.open:  # drawn only when opened: twenty pictures on every drawing's rerun are not free
        return
    with shelf:
        st.caption(
            f"Your last {len(seen)} of at most {KEPT} drawings and photos in this visit, newest first, as the model saw "
            "them, with the answers they got. Click an answer to show that input again; they are gone when you close the tab."
        )
        row = st.container(horizontal=True, gap="small")
        for entry in seen.newest_first():
            with row.container(width=_THUMBNAIL + 28, horizontal_alignment="center"):
                st.image(enlarged(entry.image, _THUMBNAIL))
                st.button(entry.answer, key=history_state.again_key(entry), on_click=history_state.show, args=(entry,),
                          help="Show this input again, with its answer now", width="stretch")
