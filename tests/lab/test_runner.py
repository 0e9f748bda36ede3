import csv
import io

import joblib
import numpy as np
import pytest
from sklearn.model_selection import cross_val_score

from digit_model.evaluation.scoring import evaluate
from digit_model.inputs.mnist import load_mnist
from digit_model.lab.runner import Stopped, run
from digit_model.lab.settings import LabSettings
from tests.helpers import needs_mnist
from digit_model.tasks import get_task


@pytest.fixture(scope="module")
def mnist(small_npz):
    return load_mnist(small_npz)


def _run(mnist, **settings):
    heard = []
    result = run(LabSettings(n_train=500, **settings), mnist, progress=heard.append)
    return result, heard


def test_the_stages_come_in_order_and_the_estimate_follows_the_first_fold(mnist):
    _, heard = _run(mnist)
    assert [p.stage for p in heard] == ["fold 1 of 3", "fold 2 of 3", "fold 3 of 3", "final fit", "test set", "done"]
    assert [p.done for p in heard] == [0, 1, 2, 3, 4, 5] and {p.total for p in heard} == {5}
    assert heard[0].estimate is None and all(p.estimate > 0 for p in heard[1:])
    assert all(later.elapsed >= earlier.elapsed for earlier, later in zip(heard, heard[1:]))


@pytest.mark.parametrize("estimator, task", [("knn", "which_digit"), ("sgd", "five_or_not")], ids=["knn-0-9", "sgd-is-it-a-5"])
def test_the_cross_validation_is_the_books_cross_val_score_and_the_report_is_evaluates(mnist, estimator, task):
    result, _ = _run(mnist, estimator=estimator, task=task)
    X, y, _ = get_task(task).select(mnist[0][:500], mnist[1][:500])
    expected = cross_val_score(result.settings.build(), X, y, cv=3)
    assert result.report["cv"]["scores"] == pytest.approx(expected.tolist(), abs=1e-12)
    assert result.report["cv"]["mean"] == pytest.approx(expected.mean()) and result.report["cv"]["std"] == pytest.approx(expected.std())
    model = joblib.load(io.BytesIO(result.model_bytes))
    Xt, yt, indices = get_task(task).select(mnist[2], mnist[3])
    report = evaluate(model, Xt, yt, task=get_task(task), indices=indices)
    assert {key: result.report[key] for key in report} == report
    assert result.report["n_train"] == len(y) and result.report["file_bytes"] == len(result.model_bytes)
    assert {"description", "trained_on", "train_seconds", "test_sha256"} <= set(result.report)


def test_a_hinge_sgd_answers_with_probabilities_fitted_on_its_out_of_fold_scores(mnist):
    result, _ = _run(mnist, estimator="sgd")
    model = joblib.load(io.BytesIO(result.model_bytes))
    proba = model.predict_proba(mnist[2][:20])
    assert proba.shape == (20, 10) and np.allclose(proba.sum(axis=1), 1.0)
    assert [name for name, _ in model.steps] == ["pixels", "calibrated"]


def test_a_grid_search_tests_the_candidate_with_the_best_mean_and_writes_the_table(mnist):
    result, heard = _run(mnist, grid_search=True)
    table = result.cv_results
    assert len(table) == 6 and len(heard) == 6 * 3 + 3
    assert result.best == int(np.argmax([row["mean_test_score"] for row in table]))
    assert table[result.best]["rank_test_score"] == 1
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert [row["chosen"] for row in rows].count("True") == 1
    chosen = next(row for row in rows if row["chosen"] == "True")
    assert float(chosen["test_accuracy"]) == result.report["accuracy"]
    assert {"param_n_neighbors", "param_weights", "split2_test_score", "std_test_score", "first_n_training_digits"} <= set(rows[0])


def test_shifted_copies_only_enlarge_the_training_and_the_model_is_the_plain_pipeline(mnist):
    result, _ = _run(mnist, estimator="knn", shifted=True)
    model = joblib.load(io.BytesIO(result.model_bytes))
    assert model.steps[-1][1].n_samples_fit_ == 5 * 500 and result.report["n_train"] == 500


def test_a_stop_asked_for_is_honoured_before_the_next_stage(mnist):
    heard = []
    with pytest.raises(Stopped, match="Stopped before fold 3 of 3"):
        run(LabSettings(n_train=500), mnist, progress=heard.append, should_stop=lambda: len(heard) == 2)
    assert [p.stage for p in heard] == ["fold 1 of 3", "fold 2 of 3"]


@needs_mnist
@pytest.mark.slow
def test_the_sgd_five_detector_on_raw_pixels_scores_the_books_cross_validated_accuracy():
    """The book's cross_val_score(sgd_clf, X_train, y_train_5, cv=3): 0.95035, 0.96035 and 0.9604."""
    X, y, _, _ = load_mnist()
    settings = LabSettings(task="five_or_not", estimator="sgd", features="raw", n_train=60_000)
    scores = cross_val_score(settings.build(), X, y == 5, cv=3, scoring="accuracy")
    np.testing.assert_allclose(scores, [0.95035, 0.96035, 0.9604])


def test_raw_pixels_are_the_books_0_to_255():
    model = LabSettings(task="which_digit", estimator="knn", features="raw").build()
    images = np.arange(2 * 784).reshape(2, 28, 28) % 256
    np.testing.assert_array_equal(model.steps[0][1].transform(images), images.reshape(2, 784))
