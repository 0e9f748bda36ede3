"""Browser tests: what only Chromium shows, on the app served as `streamlit run` serves it."""
