"""Turn the core's ValueError (a missing model, a corrupt report, no MNIST) into one line on the page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

__all__ = ["or_stop"]


@contextmanager
def or_stop() -> Iterator[None]:
    """Show the core's message as a one-line error and end the page there; other errors are bugs and propagate."""
    try:
        yield
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
