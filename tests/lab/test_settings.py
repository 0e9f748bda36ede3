import pytest

from digit_model.lab.estimators import ESTIMATORS
from digit_model.lab.settings import LabSettings
from digit_model.lab.shifts import Shifted


def test_a_setting_takes_the_books_defaults_and_its_estimators_size():
    knn, sgd = LabSettings(), LabSettings(estimator="sgd")
    assert (knn.n_train, knn.hyperparameters) == (10_000, {"n_neighbors": 3, "weights": "uniform"})
    assert (sgd.n_train, sgd.hyperparameters) == (60_000, {"alpha": 1e-4, "loss": "hinge"})
    assert (knn.label, sgd.label) == ("KNN, 10k", "SGD, 60k")


def test_a_setting_is_the_same_whatever_the_order_its_hyperparameters_came_in():
    one = LabSettings(params={"weights": "distance", "n_neighbors": 4})
    other = LabSettings(params=(("n_neighbors", 4), ("weights", "distance")))
    assert one == other and hash(one) == hash(other)


@pytest.mark.parametrize("changes, message", [
    ({"estimator": "tree"}, "The estimator must be one of 'sgd', 'knn', 'forest', 'svc'; got 'tree' instead."),
    ({"features": "hog"}, "The input must be one of 'pixels', 'raw', 'deskewed', 'gradients'; got 'hog' instead."),
    ({"n_train": 499}, "from 500 to 60,000; got 499 instead."),
    ({"n_train": 60_001}, "from 500 to 60,000; got 60001 instead."),
    ({"n_train": 1000.0}, "must be a whole number of digits from 500 to 60,000; got 1000.0 instead."),
    ({"params": {"leaf_size": 30}}, "The KNN has no hyperparameter 'leaf_size'; it has 'n_neighbors', 'weights'."),
    ({"params": {"n_neighbors": 0}}, "The KNN's n_neighbors must be a whole number from 1 to 50; got 0 instead."),
    ({"params": {"weights": "closest"}}, "The KNN's weights must be one of 'uniform', 'distance'; got 'closest' instead."),
    ({"estimator": "svc", "params": {"C": -1.0}}, "The SVC's C must be a number from 0.001 to 1000; got -1.0 instead."),
    ({"shifted": "yes"}, "The shifted option must be True or False; got 'yes' instead."),
], ids=["estimator", "input", "too-few", "too-many", "not-whole", "unknown-name", "out-of-range", "bad-choice",
        "negative-C", "option"])
def test_a_bad_value_is_refused_in_one_sentence_naming_it(changes, message):
    with pytest.raises(ValueError) as refused:
        LabSettings(**changes)
    assert message in str(refused.value)
    assert str(refused.value).count(". ") == 0, "one sentence"


def test_an_unknown_task_is_refused_by_the_tasks_own_check():
    with pytest.raises(ValueError, match="Unknown task 'odd_or_even'"):
        LabSettings(task="odd_or_even")


def test_a_grid_search_cross_validates_every_combination_of_the_grid_and_keeps_the_rest():
    settings = LabSettings(params={"n_neighbors": 7}, n_train=500, grid_search=True)
    candidates = settings.candidates()
    assert [(c.hyperparameters["weights"], c.hyperparameters["n_neighbors"]) for c in candidates] == [
        (weights, k) for weights in ("uniform", "distance") for k in (3, 4, 5)
    ]
    assert {c.n_train for c in candidates} == {500}
    assert LabSettings().candidates() == [LabSettings()]


@pytest.mark.parametrize("features, steps", [
    ("pixels", ["pixels", "knn"]), ("raw", ["raw", "knn"]), ("deskewed", ["deskew", "knn"]), ("gradients", ["deskew", "gradients", "knn"]),
])
def test_the_estimator_is_a_pipeline_of_the_inputs_steps_then_the_classifier(features, steps):
    pipeline = LabSettings(features=features).build()
    assert [name for name, _ in pipeline.steps] == steps
    assert pipeline.steps[-1][1].get_params()["n_neighbors"] == 3


def test_shifted_copies_wrap_the_pipeline_and_every_random_estimator_is_seeded():
    assert isinstance(LabSettings(shifted=True).build(), Shifted)
    for name in ("sgd", "forest", "svc"):
        assert LabSettings(estimator=name).build().steps[-1][1].random_state == 42
    assert set(ESTIMATORS) == {"sgd", "knn", "forest", "svc"}
