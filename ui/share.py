"""A link to the drawing just answered: whoever opens it sees the same input, answered by the same task and model."""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import streamlit as st

from digit_model.inputs.share_link import encode_drawing
from ui import history_state, state

__all__ = ["SHARE", "share_url", "share"]

SHARE = "share"  # the Share popover


def share_url(base: str | None, task: str, model: str, image: np.ndarray) -> str:
    """The link to ``image`` (28, 28) answered by ``model`` on ``task``: absolute from the app's ``base``
    URL, or relative (to the app's own address) when the browser's address is not known."""
    query = urlencode({state.TASK: task, state.MODEL: model, history_state.DRAWING: encode_drawing(image)})
    return f"{base.rstrip('/')}/?{query}" if base else f"?{query}"


def share(image: np.ndarray, task: str, model: str) -> None:
    """The Share button under an answer, which opens the link to copy."""
    with st.popover("Share", icon=":material/share:", key=SHARE):
        st.code(share_url(st.context.url, task, model, image), language=None, wrap_lines=True)
        st.caption(
            "Copy this link to show someone this drawing and its answer by this task and model. It carries only the "
            "28x28 image the model saw, at 16 grey levels: not your threshold, your other drawings or your digits."
        )
