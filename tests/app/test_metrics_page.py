"""The Metrics page compares every model of the task and draws the charts the task calls for."""

import pytest
from app_helpers import open_page

from digit_model.registry import list_models


def _charts(at) -> int:
    return len(at.get("vega_lite_chart"))


@pytest.mark.parametrize("task", list(list_models()))
def test_table_has_one_row_per_model(app, task):
    table = open_page(app, "Metrics", task=task).dataframe[0].value
    assert list(table["Model"]) == list_models()[task]
    assert ("ROC AUC" in table.columns) == (task != "which_digit")


def test_binary_task_shows_confusion_and_three_threshold_charts(app):
    at = open_page(app, "Metrics", task="five_or_not")
    assert _charts(at) == 4
    assert "0.50" in at.subheader[-1].value


def test_the_draw_pages_threshold_is_the_one_marked(app):
    at = open_page(app, "Metrics", task="five_or_not")
    at.session_state["threshold"] = 0.8
    at.run()
    assert "0.80" in at.subheader[-1].value


def test_which_digit_shows_confusion_and_per_class_charts(app):
    at = open_page(app, "Metrics", task="which_digit")
    assert _charts(at) == 2
    assert at.subheader[-1].value == "Per class"


@pytest.mark.parametrize("normalisation", ["counts", "by true class", "errors only"])
def test_every_normalisation_draws_the_matrix(app, normalisation):
    at = open_page(app, "Metrics", task="which_digit")
    at.segmented_control(key="normalisation").set_value(normalisation).run()
    assert not at.exception
    assert at.segmented_control(key="normalisation").value == normalisation
    assert _charts(at) == 2
