"""The Lab page in AppTest: training on the small generated digits through the real job queue and worker."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from digit_model.lab.estimators import ESTIMATORS
from digit_model.lab.jobs import DONE
from digit_model.tasks import TASKS
from tests.app.app_helpers import APP, chart_layers, draw, prediction
from tools.fonts import font_digits
from ui import lab_state

WAIT = 300  # seconds at most for a training to reach a state: a bound for a stuck test, never a timing asserted
SLOW = {lab_state.ESTIMATOR: "svc", lab_state.INPUT: "gradients", lab_state.size_key("svc"): 1_000,
        lab_state.SHIFTED: True, lab_state.GRID: True}  # minutes on the small digits


@pytest.fixture
def visitor(monkeypatch, small_npz):
    """A new visitor on the Lab page of 0-9, on the small generated digits."""
    monkeypatch.setenv("MNIST_PATH", small_npz)

    def arrive(**query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({"task": "which_digit", **query})
        at.run()
        at.switch_page("pages/lab.py").run()
        assert not at.exception, at.exception
        return at

    return arrive


def train(at: AppTest, **widgets) -> int:
    """Set the widgets, press Train; the visitor's job id."""
    for key, value in {lab_state.size_key("knn"): 500, **widgets}.items():
        at.session_state[key] = value
    at.run()
    at.button(key=lab_state.TRAIN).click().run()
    assert not at.exception, at.exception
    return at.session_state["lab_visitor"].job


def wait(at: AppTest, job: int, **until):
    visitor = at.session_state["lab_visitor"]
    return lab_state.job_queue().wait(job, owner=visitor.owner, timeout=WAIT, **until)


def metric(at: AppTest, label: str) -> str | None:
    return next((m.value for m in at.metric if m.label == label), None)


@pytest.mark.parametrize("task", list(TASKS))
@pytest.mark.parametrize("estimator", list(ESTIMATORS))
def test_the_lab_shows_every_estimators_setting_for_every_task(visitor, task, estimator):
    at = visitor(task=task)
    at.session_state[lab_state.ESTIMATOR] = estimator
    at.run()
    assert not at.exception and not at.error
    assert at.title[0].value == f"Lab - {TASKS[task].label}"
    assert {p.name for p in ESTIMATORS[estimator].hyperparameters} <= {w.label for w in [*at.selectbox, *at.number_input, *at.select_slider]}
    assert not at.button(key=lab_state.TRAIN).disabled


def test_a_visitor_trains_a_model_reads_it_and_it_answers_on_every_page(visitor):
    at = visitor()
    assert wait(at, train(at)).state == DONE
    at.run()
    own = at.session_state["lab_visitor"].models
    (name, model), = own.items()
    assert name.startswith("yours: KNN, 500 (#")
    assert metric(at, "Test accuracy") == f"{model.result.report['accuracy']:.2%}"
    assert metric(at, "Cross-validated accuracy").count("±") == 1
    assert [button.label for button in at.get("download_button")] == ["Download the model (joblib)", "Download the results (CSV)"]
    curve = next(data for chart in chart_layers(at) for _, data in chart if "setup" in data)
    assert sorted(curve["accuracy"]) == sorted([model.result.report["accuracy"], model.result.report["cv"]["mean"]])
    # AppTest drops the sidebar after the first run (see test_sidebar.py): the choice is set as the sidebar would.
    at.session_state["model"] = name
    at.session_state["explain"] = True  # the occlusion map and the nearest training digits, in its own features
    at.switch_page("pages/draw.py").run()
    draw(at, font_digits(1, seed=9)[0][0])
    assert prediction(at) is not None and not at.exception
    assert "Why this answer" in [header.value for header in at.subheader]
    assert not at.warning and any(caption.value.startswith("The 8 MNIST training digits nearest") for caption in at.caption)
    for page in ("pages/metrics.py", "pages/errors.py", "pages/my_digits.py"):
        at.switch_page(page).run()
        assert not at.exception and not at.error, (page, at.exception, at.error)
    assert at.session_state["model"] == name


def test_another_visitor_never_sees_this_visitors_model(visitor):
    first = visitor()
    assert wait(first, train(first)).state == DONE
    first.run()
    name = next(iter(first.session_state["lab_visitor"].models))
    other = AppTest.from_file(APP, default_timeout=60)
    other.query_params.update({"task": "which_digit", "model": name})
    other.run()
    assert name not in other.selectbox(key="model").options and other.session_state["model"] != name
    assert f"There is no model `{name}`" in other.warning[0].value


def test_a_setting_over_the_memory_bound_is_refused_in_a_sentence_and_cannot_be_trained(visitor):
    at = visitor()
    at.session_state[lab_state.size_key("knn")] = 60_000
    at.session_state[lab_state.SHIFTED] = True
    at.run()
    (refusal,) = [error.value for error in at.error]
    assert refusal.startswith("This setting needs about 4,") and refusal.endswith(
        "MiB to train (300,000 training images and their features), more than the 700 MiB the Lab allows one training "
        "on this shared server: choose fewer digits, no shifted copies or a lighter estimator."
    )
    assert at.button(key=lab_state.TRAIN).disabled


def test_a_second_visitor_waits_in_the_queue_and_a_cancel_frees_the_server(visitor):
    first, second = visitor(), visitor()
    slow = train(first, **SLOW)
    assert wait(first, slow, until=lambda status: status.progress is not None).state == "running"
    quick = train(second)
    assert [info.value for info in second.info][-1] == "Waiting in the queue, number 1: the server trains one model at a time."
    first.run()
    first.button(key=lab_state.CANCEL).click().run()
    assert wait(first, slow).state == "cancelled"
    first.run()
    assert [warning.value for warning in first.warning] == ["Training cancelled."]
    assert wait(second, quick).state == DONE
    second.run()
    assert metric(second, "Test accuracy") is not None and not first.session_state["lab_visitor"].models
