"""The Errors page shows the model's mistakes, filtered, ordered and paged, and inspects one."""

import streamlit as st

from digit_model.training.registry import list_models, load_report
from tests.app.app_helpers import open_page
from tests.helpers import needs_mnist

pytestmark = needs_mnist  # the gallery shows MNIST test images


def _tiles(at) -> list[int]:
    """MNIST test indices of the tiles shown, in order."""
    return [int(button.key.removeprefix("inspect_")) for button in at.button if button.key.startswith("inspect_")]


def _errors(task: str) -> list[dict]:
    return load_report(task, list_models()[task][0])["errors"]


def test_gallery_shows_the_most_confident_mistakes_first(app):
    at = open_page(app, "Errors", task="which_digit")
    assert _tiles(at) == [error["index"] for error in _errors("which_digit")[:24]]


def test_filters_keep_only_matching_mistakes(app):
    at = open_page(app, "Errors", task="which_digit")
    at.selectbox(key="true_class").set_value(7).run()
    expected = [error["index"] for error in _errors("which_digit") if error["true"] == 7][:24]
    assert expected and _tiles(at) == expected
    assert all(caption.value.startswith("true **7**") for caption in at.caption if "predicted" in caption.value)


def test_a_filter_nothing_matches_says_so(app):
    at = open_page(app, "Errors", task="five_or_three")
    at.selectbox(key="true_class").set_value(3).run()
    at.selectbox(key="predicted_class").set_value(3).run()
    assert _tiles(at) == []
    assert "No mistakes match" in at.info[0].value


def test_order_by_index_and_pages(app):
    at = open_page(app, "Errors", task="which_digit")
    at.radio(key="sort").set_value("by index").run()
    by_index = sorted(error["index"] for error in _errors("which_digit"))
    assert _tiles(at) == by_index[:24]
    at.number_input(key="gallery_page").set_value(2).run()
    assert _tiles(at) == by_index[24:48]


def _away_and_back(at):
    at.switch_page("pages/draw.py").run()
    return at.switch_page("pages/errors.py").run()


def test_filters_order_page_and_inspected_digit_are_all_kept_across_pages(app):
    at = open_page(app, "Errors", task="which_digit")
    at.radio(key="sort").set_value("by index").run()
    at.number_input(key="gallery_page").set_value(2).run()
    shown = _tiles(at)
    at.button(key=f"inspect_{shown[0]}").click().run()
    _away_and_back(at)
    assert at.radio(key="sort").value == "by index" and at.number_input(key="gallery_page").value == 2
    assert _tiles(at) == shown and at.session_state["inspected"] == shown[0]
    at.selectbox(key="true_class").set_value(9).run()
    at.selectbox(key="predicted_class").set_value(4).run()
    shown = _tiles(at)
    _away_and_back(at)
    assert (at.selectbox(key="true_class").value, at.selectbox(key="predicted_class").value) == (9, 4)
    assert _tiles(at) == shown


def test_inspecting_a_tile_shows_it_with_the_models_probabilities(app):
    at = open_page(app, "Errors", task="five_or_not")
    first = _errors("five_or_not")[0]
    at.button(key=f"inspect_{first['index']}").click().run()
    assert at.session_state["inspected"] == first["index"]
    assert len(at.get("vega_lite_chart")) == 1, "the inspected digit's probabilities"


def test_without_mnist_the_page_says_how_to_fix_it(app, monkeypatch):
    monkeypatch.setenv("MNIST_PATH", "/nowhere/mnist.npz")
    st.cache_data.clear()
    at = open_page(app, "Errors", task="which_digit")
    assert "No MNIST copy at '/nowhere/mnist.npz'" in at.error[0].value
    assert _tiles(at) == []
    monkeypatch.undo()
    st.cache_data.clear()


def test_another_test_set_than_the_reports_is_refused_in_one_sentence(app, monkeypatch, small_npz):
    monkeypatch.setenv("MNIST_PATH", small_npz)
    st.cache_data.clear()
    at = open_page(app, "Errors", task="which_digit")
    assert "is not the one this model's report was made on" in at.error[0].value
    assert _tiles(at) == [] and not at.exception
    monkeypatch.undo()
    st.cache_data.clear()
