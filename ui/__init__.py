"""App-only helpers for the Streamlit pages: session state, caching, answers, charts and pictures.

Everything here may import Streamlit; the ML itself stays in ``digit_model``.
"""
