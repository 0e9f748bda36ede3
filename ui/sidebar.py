"""The sidebar shown on every page: task and model, mirrored in the URL so that a link opens the same view."""

from __future__ import annotations

import streamlit as st

from digit_model.tasks import get_task
from ui import cache, state

__all__ = ["sidebar"]


def sidebar() -> None:
    """Task and model selectboxes; the URL's ``?task=...&model=...`` follows them."""
    models = cache.models()
    with st.sidebar:
        st.selectbox(
            "Task", list(models), format_func=lambda task: get_task(task).label,
            key=state.TASK, on_change=state.task_changed, persist_state="session",
        )
        st.selectbox(
            "Model", models[st.session_state[state.TASK]],
            key=state.MODEL, on_change=state.model_changed, persist_state="session",
        )
    st.query_params[state.TASK] = st.session_state[state.TASK]
    st.query_params[state.MODEL] = st.session_state[state.MODEL]
