"""The task and model choice: from the URL, kept across pages, unknown values refused politely."""

import pytest

from digit_model.training.registry import list_models
from tests.app.app_helpers import open_page

MODELS = list_models()


def test_url_opens_the_task_and_model_it_names(app):
    other = MODELS["which_digit"][-1]
    at = open_page(app, "Draw", task="which_digit", model=other)
    assert at.selectbox(key="task").value == "which_digit"
    assert at.selectbox(key="model").value == other
    assert at.title[0].value == "Level 3 - Which digit?"
    assert not at.warning


def test_the_choice_is_kept_across_pages(app):
    # AppTest 1.67 drops the main script's widgets from the second run of an st.navigation app,
    # so the sidebar itself is driven in the browser test; here the choice is set in session state.
    at = open_page(app, "Draw")
    at.session_state["task"] = "five_or_three"
    at.session_state["model"] = MODELS["five_or_three"][-1]
    at.switch_page("pages/metrics.py").run()
    assert at.title[0].value == "Metrics - Level 2 - 5 or 3?"
    at.switch_page("pages/errors.py").run()
    assert at.title[0].value == "Errors - Level 2 - 5 or 3?"
    assert (at.session_state["task"], at.session_state["model"]) == ("five_or_three", MODELS["five_or_three"][-1])


def test_unknown_task_in_the_url_falls_back_to_the_default_with_a_notice(app):
    at = open_page(app, "Draw", task="nine_or_not", model="svm")
    assert at.selectbox(key="task").value == next(iter(MODELS))
    assert "There is no task `nine_or_not`" in at.warning[0].value
    assert not at.exception


def test_unknown_model_in_the_url_falls_back_to_the_default_with_a_notice(app):
    at = open_page(app, "Draw", task="which_digit", model="resnet")
    assert at.selectbox(key="model").value == MODELS["which_digit"][0]
    assert "There is no model `resnet`" in at.warning[0].value
    assert at.query_params["model"] == MODELS["which_digit"][0]


@pytest.mark.parametrize(
    "value",
    ["[Session expired - sign in again](https://example.com/login)", "![](https://example.com/pixel.png)", "`x` [y](z)"],
    ids=["link", "remote image", "backticks"],
)
def test_an_unknown_url_value_is_shown_as_plain_code_never_as_markdown(app, value):
    at = open_page(app, "Draw", task=value)
    notice = at.warning[0].value
    shown = notice.split("`")[1]  # exactly one code span, with the value inside it
    assert notice.count("`") == 2 and shown == value.replace("`", "'")[:40] + ("…" if len(value) > 40 else "")


def test_a_long_url_value_is_cut_in_the_notice(app):
    at = open_page(app, "Draw", model="x" * 500)
    assert "`" + "x" * 40 + "…`" in at.warning[0].value and "x" * 41 not in at.warning[0].value
