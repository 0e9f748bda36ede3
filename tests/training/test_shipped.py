"""The models shipped in the repository, checked against their own reports on real MNIST."""

import hashlib

import numpy as np
import pytest

from digit_model.evaluation.latency import canvas_latency
from digit_model.evaluation.scoring import benchmark_figures, most_probable
from digit_model.evaluation.test_sets import pen_test_set
from digit_model.inputs.mnist import checksum, load_mnist
from digit_model.inputs.pendigits import EVAL_WRITERS
from digit_model.tasks import TASKS
from digit_model.training import manifest_pin, registry
from tests.helpers import needs_mnist, needs_pen

SHIPPED = [(task, name) for task, names in registry.list_models().items() for name in names]


@pytest.fixture(scope="module")
def mnist_test():
    _, _, X_test, y_test = load_mnist()
    return X_test, y_test


@pytest.mark.parametrize("task_id", list(TASKS))
def test_every_task_ships_a_baseline_and_a_default_that_beats_it(task_id):
    names = registry.list_models()[task_id]
    assert "sgd" in names and len(names) >= 2
    metric = TASKS[task_id].selection_metric
    default = registry.load_report(task_id)
    assert default[metric] > registry.load_report(task_id, "sgd")[metric]
    assert list(registry.load_model(task_id).classes_) == list(TASKS[task_id].classes)


def test_the_shipped_manifest_is_the_one_pinned_in_code():
    digest = hashlib.sha256((registry.ARTIFACTS / registry.MANIFEST).read_bytes()).hexdigest()
    assert digest == manifest_pin.MANIFEST_SHA256


def test_shipped_artifacts_fit_the_size_budget():
    total = sum(path.stat().st_size for path in registry.ARTIFACTS.rglob("*") if path.is_file())
    assert total <= 30 * 1024 * 1024


@needs_mnist
def test_every_shipped_report_names_the_standard_test_set(mnist_test):
    assert {registry.load_report(task, name)["test_sha256"] for task, name in SHIPPED} == {checksum(*mnist_test)}


@pytest.mark.slow
@needs_mnist
@pytest.mark.parametrize("task_id, name", SHIPPED, ids=[f"{t}/{n}" for t, n in SHIPPED])
def test_shipped_models_reproduce_their_reported_test_figures(mnist_test, task_id, name):
    X_test, y_test = mnist_test
    task = TASKS[task_id]
    X, y, indices = task.select(X_test, y_test)
    model = registry.load_model(task_id, name)
    report = registry.load_report(task_id, name)
    predicted, _ = most_probable(model, X)
    assert report["n_test"] == len(y)
    assert np.mean(predicted == y) == pytest.approx(report["accuracy"], abs=1e-9)
    assert sorted(e["index"] for e in report["errors"]) == sorted(indices[predicted != y].tolist())


@pytest.mark.parametrize("task_id", list(TASKS))
def test_canvas_to_probabilities_runs_through_the_default_model(task_id):
    median, p95 = canvas_latency(registry.load_model(task_id), repeats=3, warmup=1)
    assert 0 < median <= p95


@pytest.mark.slow
@needs_pen
@pytest.mark.parametrize("task_id", list(TASKS))
def test_shipped_defaults_reproduce_their_reported_pen_benchmark(task_id):
    images, digits, about = pen_test_set()
    report = registry.load_report(task_id)
    assert report["pen"]["writers"] == list(EVAL_WRITERS) and report["pen"]["sha256"] == about["sha256"]
    figures = benchmark_figures(registry.load_model(task_id), images, digits, task=TASKS[task_id])
    assert figures["n"] == report["pen"]["n"]
    assert figures["accuracy"] == pytest.approx(report["pen"]["accuracy"], abs=1e-9)
    assert figures["per_digit"] == pytest.approx(report["pen"]["per_digit"], abs=1e-9)


@pytest.mark.parametrize("task_id", list(TASKS))
def test_every_task_ships_a_model_that_also_learned_from_pen_writers(task_id):
    trained_on = {name: registry.load_report(task_id, name)["trained_on"] for name in registry.list_models()[task_id]}
    assert {"MNIST", "MNIST + pen"} <= set(trained_on.values())
