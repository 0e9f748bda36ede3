"""Entry point: `streamlit run app.py`. Sets up state and the sidebar, then runs the chosen page."""

import streamlit as st

from ui import history_state, lab_state, my_state, state
from ui.allocator import return_large_buffers
from ui.sidebar import sidebar

return_large_buffers()  # once per server process: see ui/allocator.py

# An emoji, not a :material: icon: the browser draws it itself, where a material icon is fetched from Google.
st.set_page_config(page_title="Handwritten digits", page_icon="✍️", layout="wide")

page = st.navigation([
    st.Page("pages/draw.py", title="Draw", icon=":material/draw:", default=True),
    st.Page("pages/metrics.py", title="Metrics", icon=":material/monitoring:"),
    st.Page("pages/errors.py", title="Errors", icon=":material/image_search:"),
    st.Page("pages/my_digits.py", title="My digits", icon=":material/person_edit:"),
    st.Page("pages/lab.py", title="Lab", icon=":material/science:"),
])
for notice in [*state.start(), *history_state.start()]:
    st.warning(notice, icon=":material/link_off:")
my_state.start()
lab_state.start()
sidebar()
page.run()
