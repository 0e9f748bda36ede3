"""The Metrics page compares every model of the task and draws the charts the task calls for."""

import os

import numpy as np
import pytest

from digit_model.evaluation.scoring import at_threshold, confusion
from digit_model.tasks import TASKS
from digit_model.training.registry import list_models, load_report, load_study
from tests.app.app_helpers import chart_layers, open_page
from tests.helpers import needs_mnist
from ui.reports import kept_when_sure


def _charts(at) -> int:
    return len(at.get("vega_lite_chart"))


@pytest.mark.parametrize("task", list(list_models()))
def test_table_has_one_row_per_model_with_what_it_was_trained_on_and_its_pen_accuracy(app, task):
    at = open_page(app, "Metrics", task=task)
    table = at.dataframe[0].value
    assert list(table["Model"]) == list_models()[task]
    assert ("ROC AUC" in table.columns) == (task != "which_digit")
    for name, trained_on, pen in zip(table["Model"], table["Trained on"], table["Pen accuracy"]):
        report = load_report(task, name)
        assert trained_on == report["trained_on"] and pen == pytest.approx(100 * report["pen"]["accuracy"])
    assert set(table["Trained on"]) == {"MNIST", "MNIST + pen"}
    assert "a test set only speaks for the population it was drawn from" in at.info[0].value


@pytest.mark.parametrize("task", list(list_models()))
def test_the_selected_model_is_shown_digit_by_digit_on_the_unseen_writers(app, task):
    at = open_page(app, "Metrics", task=task)
    subheaders = [sub.value for sub in at.subheader]
    assert f"{list_models()[task][0]} on unseen writers, digit by digit" in subheaders
    assert "writers 3, 6, 9, 12, 15, 18, 21, 24, 27, 30" in " ".join(caption.value for caption in at.caption)


def test_binary_task_shows_confusion_and_three_threshold_charts(app):
    at = open_page(app, "Metrics", task="five_or_not")
    with_mnist = bool(os.environ.get("MNIST_PATH")) and not at.warning  # the digit strip needs MNIST's test digits
    assert _charts(at) == 7 + with_mnist
    assert "0.50" in at.subheader[-1].value


def _counts(at) -> dict[str, int]:
    return {m.label: int(m.value.replace(",", "")) for m in at.metric if m.label.endswith("positives") or m.label.endswith("negatives")}


@needs_mnist
@pytest.mark.parametrize("threshold", [0.5, 0.999])
def test_the_digit_strip_and_its_counts_follow_the_threshold(app, threshold):
    at = open_page(app, "Metrics", task="five_or_not", model="sgd")
    at.slider(key="threshold").set_value(threshold).run()
    report = load_report("five_or_not", "sgd")
    scores, positive = np.array(report["scores"]), np.array(report["is_positive"])
    assert _counts(at) == {
        "True positives": int(np.sum((scores >= threshold) & positive)),
        "False positives": int(np.sum((scores >= threshold) & ~positive)),
        "False negatives": int(np.sum((scores < threshold) & positive)),
        "True negatives": int(np.sum((scores < threshold) & ~positive)),
    }
    strip = _layer(at, "square", "rank", "row")
    assert (strip["outcome"].isin(["true positive", "false positive"]) == (strip["score"] >= threshold)).all()
    assert len(_layer(at, "image", "rank", "row")) == len(strip)  # the digits themselves, drawn on the strip
    assert _layer(at, "rule", "rank")["rank"].item() == (strip["score"] < threshold).sum() - 0.5


@needs_mnist
def test_the_last_drawing_is_placed_on_the_strip_for_its_own_task_and_model(app, mnist_test):
    from tests.app.app_helpers import draw, well_read_digit

    at = draw(open_page(app, "Draw", task="five_or_not"), well_read_digit(mnist_test, "five_or_not", 5))
    at.switch_page("pages/metrics.py").run()
    drawn = _layer(at, "point", "rank", "row")
    assert drawn["score"].item() == pytest.approx(at.session_state["drawn"][2]) and drawn["score"].item() > 0.5


@needs_mnist
def test_figure_3_11_shows_the_confusion_matrix_counts(app):
    at = open_page(app, "Metrics", task="five_or_three")
    matrix = load_report("five_or_three", list_models()["five_or_three"][0])["confusion_matrix"]
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    for true, row in enumerate(matrix):
        for predicted, count in enumerate(row):
            label = lambda c: "35"[c]
            shown = f"true {label(true)}, predicted {label(predicted)}: {count:,} digit{'s' if count != 1 else ''}"
            assert any(caption.startswith(shown) for caption in captions)


def _layer(at, mark: str, x: str, y: str | None = None):
    """The data of the one chart layer drawing ``mark`` with ``x`` (and ``y``) on its axes."""
    (data,) = [
        data for chart in chart_layers(at) for spec, data in chart
        if spec["mark"]["type"] == mark and spec["encoding"]["x"]["field"] == x
        and spec["encoding"].get("y", {}).get("field") == y
    ]
    return data


def test_the_threshold_is_one_value_on_both_pages(app):
    at = open_page(app, "Draw", task="five_or_not")
    at.slider(key="threshold").set_value(0.8).run()
    at.switch_page("pages/metrics.py").run()
    assert at.slider(key="threshold").value == 0.8 and "0.80" in at.subheader[-1].value
    at.slider(key="threshold").set_value(0.3).run()
    at.switch_page("pages/draw.py").run()
    assert at.slider(key="threshold").value == 0.3


def test_the_draw_pages_threshold_is_the_one_marked(app):
    at = open_page(app, "Metrics", task="five_or_not")
    at.slider(key="threshold").set_value(0.8).run()
    assert "0.80" in at.subheader[-1].value
    point = at_threshold(load_report("five_or_not", list_models()["five_or_not"][0]), 0.8)
    assert _layer(at, "rule", "threshold")["threshold"].tolist() == [0.8]
    pr, roc = _layer(at, "point", "recall", "precision"), _layer(at, "point", "false_positive_rate", "recall")
    assert pr.iloc[0].to_dict() == pytest.approx({"recall": point["recall"], "precision": point["precision"]})
    assert roc.iloc[0].to_dict() == pytest.approx({"false_positive_rate": point["false_positive_rate"], "recall": point["recall"]})


def test_where_no_test_digit_reaches_the_threshold_precision_has_no_dot(app):
    at = open_page(app, "Metrics", task="five_or_not", model="sgd")
    at.slider(key="threshold").set_value(1.0).run()
    assert any("No test digit reaches this threshold" in caption.value for caption in at.caption)
    with pytest.raises(ValueError):
        _layer(at, "point", "recall", "precision")
    assert _layer(at, "point", "false_positive_rate", "recall")["recall"].tolist() == [0.0]


def test_which_digit_shows_confusion_and_per_class_charts(app):
    at = open_page(app, "Metrics", task="which_digit")
    assert _charts(at) == 6  # with the not-a-digit trade-off
    assert at.subheader[-1].value == "Per class"


@pytest.mark.parametrize("normalisation", ["counts", "by true class", "errors only"])
def test_every_normalisation_draws_the_matrix(app, normalisation):
    at = open_page(app, "Metrics", task="which_digit")
    at.segmented_control(key="normalisation").set_value(normalisation).run()
    assert not at.exception
    assert at.segmented_control(key="normalisation").value == normalisation
    cells = _layer(at, "rect", "predicted", "true")
    expected = confusion(load_report("which_digit", list_models()["which_digit"][0]), normalisation)
    assert cells["value"].to_numpy() == pytest.approx(expected.ravel(), nan_ok=True)
    assert _charts(at) == 6  # with the not-a-digit trade-off


@pytest.mark.parametrize("task", list(list_models()))
def test_the_not_sure_level_is_stated_with_what_it_does_on_unseen_writers(app, task):
    at = open_page(app, "Metrics", task=task)
    report = load_report(task, list_models()[task][0])
    stated = next(info.value for info in at.info if "I'm not sure" in info.value)
    assert f"below {TASKS[task].sure_from:.2%} confidence" in stated
    kept, _ = kept_when_sure(report["pen"]["calibration"], TASKS[task].sure_from)
    assert f"answers {kept:.0%} of digits plainly" in stated
    assert f"ECE {report['pen']['calibration']['ece']:.4f}" in stated
    captions = " ".join(caption.value for caption in at.caption)
    assert captions.count("How to read this") == 2


def test_the_not_a_digit_trade_off_is_charted_for_the_model_it_was_measured_on(app):
    at = open_page(app, "Metrics", task="which_digit")
    study = load_study("which_digit")
    assert "Is it a digit at all?" in [sub.value for sub in at.subheader]
    _, curve = next(layers[0] for layers in chart_layers(at) if "digits_refused" in layers[0][1])
    assert list(curve["digits_refused"]) == [point["digits_refused"] for point in study["tradeoff"]]
    assert f"{study['point']['non_digits_caught']:.1%} caught" in " ".join(caption.value for caption in at.caption)


def test_a_model_without_the_not_a_digit_study_says_where_to_find_it(app):
    at = open_page(app, "Metrics", task="five_or_three")
    assert "Is it a digit at all?" in [sub.value for sub in at.subheader]
    assert "choose it to see the chart" in " ".join(caption.value for caption in at.caption)
