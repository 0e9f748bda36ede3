import numpy as np
import pytest
from scipy import ndimage
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from digit_model.evaluation.scoring import at_threshold, evaluate
from digit_model.evaluation.views import OUTCOMES, figure_3_11, threshold_strip
from digit_model.explain.neighbours import Neighbours, feature_transform
from digit_model.explain.occlusion import PATCH, occlusion
from digit_model.inputs.mnist import load_mnist
from digit_model.models.features import Flatten
from digit_model.studies.explain_costs import main as explain_bench
from digit_model.tasks import TASKS
from digit_model.training import registry
from tests.conftest import font_digits, needs_data
from tests.test_evaluate import FixedScores

NAMES = ["sgd", "svm", "gradient_svm", "gradient_svm_pen"]


@pytest.fixture(scope="module")
def digit_reader():
    return registry.load_model("which_digit")


@pytest.fixture(scope="module")
def three_or_five():
    return registry.load_model("five_or_three")


def _one_stroke() -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 13:16] = 255
    return image


def test_the_occlusion_map_marks_the_drawn_stroke_and_not_the_empty_background(digit_reader):
    image = _one_stroke()
    heat = occlusion(digit_reader, image).heatmap()
    ink = image > 0
    far = ndimage.distance_transform_cdt(~ink, metric="chessboard") >= PATCH  # no patch reaches both
    assert heat.shape == (28, 28)
    assert np.abs(heat[far]).max() < 1e-12
    assert np.abs(heat[ink]).mean() > 1e-3


@pytest.mark.parametrize("patch, stride", [(4, 2), (5, 5)], ids=["overlapping", "edge squares added"])
def test_covering_the_most_important_patch_changes_the_probability_the_most(three_or_five, patch, stride):
    image = font_digits(4, seed=3)[0][3]  # a font 3
    found = occlusion(three_or_five, image, patch=patch, stride=stride)
    proba = three_or_five.predict_proba(image[None])[0]
    drops, total, covers = [], np.zeros((28, 28)), np.zeros((28, 28))
    for row in range(0, 28 - patch + 1):
        for col in range(0, 28 - patch + 1):
            if not ((row % stride == 0 or row == 28 - patch) and (col % stride == 0 or col == 28 - patch)):
                continue
            covered = image.copy()
            covered[row : row + patch, col : col + patch] = 0
            drops.append(proba - three_or_five.predict_proba(covered[None])[0])
            total[row : row + patch, col : col + patch] += drops[-1][found.answer]
            covers[row : row + patch, col : col + patch] += 1
    drops = np.array(drops)
    assert covers.min() >= 1
    assert np.allclose(found.proba, proba, atol=1e-9)
    assert np.allclose(found.drops, drops, atol=1e-9)
    assert found.drops[:, found.answer].argmax() == drops[:, found.answer].argmax()
    assert drops[:, found.answer].max() > 0.05
    assert np.allclose(found.heatmap(), total / covers, atol=1e-9)
    assert np.allclose(found.heatmap(found.runner_up), -found.heatmap(), atol=1e-9)  # two classes: one's gain is the other's loss


def test_occlusion_checks_its_input(three_or_five):
    with pytest.raises(ValueError, match="28x28 uint8 image.*float64 of shape \\(28, 28\\)"):
        occlusion(three_or_five, np.zeros((28, 28)))
    with pytest.raises(ValueError, match="'patch' parameter must be an integer from 1 to 28; got 0"):
        occlusion(three_or_five, _one_stroke(), patch=0)
    with pytest.raises(ValueError, match="'target' parameter must be an integer from 0 to 1; got 2"):
        occlusion(three_or_five, _one_stroke()).heatmap(2)


# For each shipped model: (the classifier that reads the features, what it must agree with).
_CLASSIFIERS = {
    "sgd": lambda model: (model[-1].predict_proba, model.predict_proba),
    **{
        name: lambda model: (
            model.calibrated_classifiers_[0].estimator["svc"].estimator_["svc"].decision_function,
            model.calibrated_classifiers_[0].estimator.decision_function,
        )
        for name in NAMES[1:]
    },
}


@pytest.mark.parametrize("name", NAMES)
def test_the_feature_transform_gives_what_the_final_classifier_reads(name):
    model = registry.load_model("five_or_three", name)
    images = font_digits(20, seed=4)[0]
    classifier, whole = _CLASSIFIERS[name](model)
    features = feature_transform(model)(images)
    assert features.dtype == np.float32 and features.shape[0] == 20
    assert np.allclose(classifier(features), whole(images), atol=1e-6)


def test_a_model_without_a_single_feature_space_has_no_transform_and_no_neighbours():
    images, labels = font_digits(60, seed=5)
    flat = Flatten().transform(images)
    bare = SVC().fit(flat, labels)
    folds = CalibratedClassifierCV(make_pipeline(PCA(5), SVC()), cv=2).fit(flat, labels)  # a PCA per fold
    assert feature_transform(bare) is None and feature_transform(folds) is None
    assert feature_transform(make_pipeline(Flatten(), bare)) is not None
    with pytest.raises(ValueError, match="no single feature space"):
        Neighbours(folds, images, labels)
    with pytest.raises(ValueError, match="not fitted"):
        feature_transform(make_pipeline(Flatten(), SVC()))


@pytest.mark.parametrize("name", NAMES)
def test_the_neighbours_of_a_training_digit_include_that_digit_itself(name):
    model = registry.load_model("five_or_three", name)
    images, labels = font_digits(300, seed=6)
    index = Neighbours(model, images, labels, size=200, random_state=1)
    features = feature_transform(model)(images[index.indices])
    for position in (0, 77, 199):
        own = index.indices[position]
        found = index.query(images[own])
        assert own in found.indices[found.distances < 1e-5]  # 0 but for float32 rounding (PCA of one digit or many)
        assert np.array_equal(found.labels, labels[found.indices])
        reference = np.sort(np.linalg.norm(features.astype(np.float64) - features[position], axis=1))[:8]
        assert np.allclose(found.distances, reference, atol=1e-5)


def test_the_index_is_a_seeded_subset_of_the_digits_it_was_given(three_or_five):
    images, labels = font_digits(100, seed=7)
    one, again = (Neighbours(three_or_five, images, labels, size=40, random_state=3) for _ in range(2))
    other = Neighbours(three_or_five, images, labels, size=40, random_state=4)
    assert len(one.indices) == 40 and np.array_equal(one.indices, again.indices)
    assert not np.array_equal(one.indices, other.indices)
    assert np.array_equal(one.labels, labels[one.indices])
    assert len(Neighbours(three_or_five, images, labels, size=1000).indices) == 100
    with pytest.raises(ValueError, match="one label per image, shape \\(100,\\); got shape \\(99,\\)"):
        Neighbours(three_or_five, images, labels[:99])
    with pytest.raises(ValueError, match="'k' parameter must be an integer from 1 to 40; got 41"):
        one.query(images[0], k=41)


def _report(task_id: str, *, seed: int = 0) -> tuple[dict, np.ndarray]:
    """A task's report on made-up "MNIST test labels", with scores that overlap around 0.5."""
    task = TASKS[task_id]
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, 1500)
    _, y, indices = task.select(labels, labels)
    positive = y == task.classes[1]
    scores = np.clip(0.25 + 0.5 * positive + rng.normal(0, 0.2, len(y)), 0, 1).round(6)
    model = FixedScores(scores).fit(np.zeros((len(y), 1)), y)
    return evaluate(model, np.zeros((len(y), 1)), y, task=task, indices=indices), labels


@pytest.mark.parametrize("task_id", ["five_or_not", "five_or_three"])
def test_moving_the_threshold_moves_exactly_the_digits_whose_score_crosses_it(task_id):
    report, labels = _report(task_id)
    low, high = (threshold_strip(report, threshold, test_labels=labels, near=100) for threshold in (0.45, 0.55))
    at_low = {digit["index"]: digit for digit in low["digits"]}
    common = [digit for digit in high["digits"] if digit["index"] in at_low]
    moved = {digit["index"] for digit in common if digit["outcome"] != at_low[digit["index"]]["outcome"]}
    crossing = {digit["index"] for digit in common if 0.45 <= digit["score"] < 0.55}
    assert moved == crossing and len(moved) >= 10
    scores = np.asarray(report["scores"])
    said_yes = [strip["counts"]["true positive"] + strip["counts"]["false positive"] for strip in (low, high)]
    assert said_yes[0] - said_yes[1] == np.sum((scores >= 0.45) & (scores < 0.55)) > 0


def test_the_strip_is_ordered_by_score_with_both_classes_and_the_digits_at_the_threshold():
    report, labels = _report("five_or_three")
    threshold = float(np.sort(report["scores"])[200])  # a digit's own score: it says "yes" from there on
    strip = threshold_strip(report, threshold, test_labels=labels, spread=80, near=10)
    digits = strip["digits"]
    assert 60 <= len(digits) <= 100
    assert [digit["score"] for digit in digits] == sorted(digit["score"] for digit in digits)
    assert {digit["digit"] for digit in digits} == {3, 5} and {d["is_positive"] for d in digits} == {True, False}
    scores = np.sort(report["scores"])
    at_cut = np.searchsorted(scores, threshold)
    shown = [digit["score"] for digit in digits]
    assert set(scores[at_cut - 10 : at_cut + 10]) <= set(shown)
    named = {(True, True): "true positive", (False, True): "false positive", (True, False): "false negative", (False, False): "true negative"}
    assert set(named.values()) == set(OUTCOMES)
    assert all(digit["outcome"] == named[digit["is_positive"], digit["score"] >= threshold] for digit in digits)
    assert sum(strip["counts"].values()) == report["n_test"]
    assert strip["counts"]["true positive"] + strip["counts"]["false positive"] == np.sum(scores >= threshold)
    figures = at_threshold(report, threshold)
    assert strip["precision"] == figures["precision"] and strip["recall"] == figures["recall"]
    assert threshold_strip(report, threshold, test_labels=labels) == strip


def test_precision_is_none_in_the_strip_when_nothing_reaches_the_threshold():
    report, labels = _report("five_or_not")
    report["scores"] = [min(score, 0.9) for score in report["scores"]]
    strip = threshold_strip(report, 0.95, test_labels=labels)
    assert strip["precision"] is None and strip["counts"]["true positive"] == strip["counts"]["false positive"] == 0


def test_the_strip_and_the_grid_refuse_labels_of_another_test_set():
    report, labels = _report("five_or_three")
    with pytest.raises(ValueError, match="not the ones the 'five_or_three' report was made on"):
        threshold_strip(report, 0.5, test_labels=np.random.default_rng(1).permutation(labels))
    with pytest.raises(ValueError, match="not the ones the 'five_or_three' report was made on"):
        figure_3_11(report, test_labels=labels[:-100])
    with pytest.raises(ValueError, match="binary tasks only"):
        threshold_strip({"task": "which_digit", "classes": list(range(10))}, 0.5, test_labels=labels)


@pytest.mark.parametrize("task_id", ["five_or_three", "which_digit"])
def test_the_grid_counts_equal_the_confusion_matrix_and_its_examples_belong_to_their_cell(task_id):
    report, labels = _report(task_id)
    grid = figure_3_11(report, test_labels=labels, per_cell=5)
    assert grid["counts"] == report["confusion_matrix"]
    classes = report["classes"]
    errors = {error["index"]: error for error in report["errors"]}
    for row, true in enumerate(classes):
        for col, said in enumerate(classes):
            examples = grid["examples"][row][col]
            assert len(examples) == min(5, grid["counts"][row][col])
            if row == col:
                assert examples == sorted(examples) and not set(examples) & set(errors)
                assert all(TASKS[task_id].target(labels[examples]) == true)
            else:
                assert [(errors[i]["true"], errors[i]["predicted"]) for i in examples] == [(true, said)] * len(examples)
                confidence = [errors[i]["confidence"] for i in examples]
                assert confidence == sorted(confidence, reverse=True)


def test_the_grid_refuses_a_report_whose_errors_were_capped():
    report, labels = _report("five_or_three")
    with pytest.raises(ValueError, match=f"each of its {len(report['errors'])} mistakes.*it lists {len(report['errors']) - 1}"):
        figure_3_11(dict(report, errors=report["errors"][:-1]), test_labels=labels)


@needs_data("MNIST_PATH", "a MNIST copy")
def test_the_shipped_3_or_5_grid_matches_its_report_and_neighbours_mostly_share_the_label(digit_reader):
    X_train, y_train, X_test, y_test = load_mnist()
    report = registry.load_report("five_or_three")
    assert figure_3_11(report, test_labels=y_test)["counts"] == report["confusion_matrix"]
    index = Neighbours(digit_reader, X_train, y_train, size=5000)
    agree = [np.bincount(index.query(image).labels, minlength=10).argmax() == label for image, label in zip(X_test[:50], y_test[:50])]
    assert np.mean(agree) >= 0.9


def test_the_cost_command_refuses_a_patch_that_does_not_fit(capsys):
    with pytest.raises(SystemExit) as stopped:
        explain_bench(["--patch", "30"])
    assert stopped.value.code == 2 and "--patch must be from 1 to 28" in capsys.readouterr().err


@needs_data("MNIST_PATH", "a MNIST copy")
def test_the_cost_command_prints_a_row_per_shipped_model(capsys):
    assert explain_bench(["--drawings", "2", "--size", "50", "--repeats", "1", "--patch", "6", "--stride", "3"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Occlusion: 6x6 patches every 3 pixels")
    assert printed.count("\n| ") == 1 + sum(len(names) for names in registry.list_models().values())  # header + rows
