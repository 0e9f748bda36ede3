"""Turn the core's ValueError (a missing model, a corrupt report, no MNIST) into one line on the page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

__all__ = ["or_stop", "or_go_on"]


@contextmanager
def or_stop() -> Iterator[None]:
    """Show the core's message as a one-line error and end the page there; other errors are bugs and propagate."""
    try:
        yield
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()


@contextmanager
def or_go_on() -> Iterator[None]:
    """Show the core's message as a one-line warning and go on with the page: for an extra that
    must not take the answer down with it."""
    try:
        yield
    except ValueError as error:
        st.warning(str(error), icon=":material/warning:")
