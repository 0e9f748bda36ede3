"""A small training run end to end, and the registry's refusal of anything it cannot trust."""

import hashlib
import io
import json
import shutil

import joblib
import numpy as np
import pytest

from digit_model.inputs.mnist import checksum, load_mnist
from digit_model.inputs.pendigits import EVAL_WRITERS, TRAIN_WRITERS
from digit_model.models.catalogue import (
    MNIST,
    MNIST_AND_PEN,
    MODELS,
    PEN_WARP,
    writer_folds,
)
from digit_model.tasks import TASKS
from digit_model.training import manifest_pin, registry
from digit_model.training.sets import pen_drawings, training_set
from digit_model.training.train import choose_default, main, train


def test_training_writes_a_model_and_a_full_report_for_every_task_and_model(trained, small_npz):
    artifacts, reports = trained
    assert registry.list_models(artifacts=artifacts).keys() == TASKS.keys()
    for task_id, by_model in reports.items():
        assert list(by_model) == list(MODELS)
        for name, report in by_model.items():
            saved = registry.load_report(task_id, name, artifacts=artifacts)
            assert saved == json.loads(json.dumps(report))
            assert {"accuracy", "per_class", "confusion_matrix", "errors", "train_seconds", "file_bytes",
                    "data_sha256", "versions", "trained_on", "pen"} <= saved.keys()
            assert saved["trained_on"] == MODELS[name].trained_on
            assert saved["test_sha256"] == checksum(*load_mnist(small_npz)[2:])
            assert (saved["n_train_pen"] > 0) == (MODELS[name].trained_on == MNIST_AND_PEN)
            assert saved["pen"]["writers"] == list(EVAL_WRITERS) and 0 <= saved["pen"]["accuracy"] <= 1
            assert set(saved["pen"]["per_digit"]) == {str(digit) for digit in TASKS[task_id].digits}
            for figures in (saved["calibration"], saved["pen"]["calibration"]):
                assert 0 <= figures["ece"] <= 1 and set(figures["accuracy_at_coverage"]) == {"1.00", "0.95", "0.90"}
                assert figures["risk_coverage"]["coverage"][-1] == 1.0
            assert saved["calibration"]["accuracy_at_coverage"]["1.00"] == pytest.approx(saved["accuracy"])
            assert sum(map(sum, saved["confusion_matrix"])) == saved["n_test"]
            assert len(saved["errors"]) == saved["n_test"] - np.trace(saved["confusion_matrix"])
            if TASKS[task_id].is_binary:
                assert len(saved["scores"]) == saved["n_test"] and 0.5 <= saved["roc_auc"] <= 1


def test_the_manifest_default_is_the_one_the_rule_chooses_from_the_reports(trained):
    artifacts, reports = trained
    for task_id, by_model in reports.items():
        chosen = choose_default(TASKS[task_id].selection_metric, by_model)
        assert registry.default_model(task_id, artifacts=artifacts) == chosen
        assert registry.list_models(artifacts=artifacts)[task_id][0] == chosen


def report(wrong: range, pen: float | None = None, *, trained_on: str = MNIST) -> dict:
    """A report of a model that gets the MNIST test digits ``wrong`` wrong, out of 10,000."""
    return {
        "accuracy": 1 - len(wrong) / 10_000,
        "errors": [{"index": index} for index in wrong],
        "trained_on": trained_on,
    } | ({} if pen is None else {"pen": {"accuracy": pen}})


PEN = MNIST_AND_PEN


@pytest.mark.parametrize(
    "reports, expected",
    [
        ({"a": report(range(50), 0.95), "b": report(range(60), 0.97), "p": report(range(40), 0.98, trained_on=PEN)}, "p"),
        ({"a": report(range(50), 0.95), "p": report(range(3, 56), 0.99, trained_on=PEN)}, "p"),
        ({"a": report(range(50), 0.95), "p": report(range(10, 80), 0.99, trained_on=PEN)}, "a"),
        ({"a": report(range(50), 0.95), "p": report(range(40), 0.95, trained_on=PEN)}, "a"),
        ({"a": report(range(50)), "p": report(range(40), 0.99, trained_on=PEN)}, "a"),
        ({"a": report(range(60), 0.9), "b": report(range(50), 0.8), "p": report(range(50), 0.85, trained_on=PEN)}, "p"),
    ],
    ids=["wins both", "a few more MNIST errors, not significant", "significantly worse on MNIST",
         "no better on pen", "no pen figures", "beats the MNIST best only"],
)
def test_a_pen_trained_model_is_default_only_if_it_reads_pen_better_without_losing_on_mnist(reports, expected):
    assert choose_default("accuracy", reports) == expected


@pytest.mark.parametrize("task_id", list(TASKS))
def test_loaded_models_follow_the_public_api(trained, task_id):
    artifacts, _ = trained
    model = registry.load_model(task_id, artifacts=artifacts)
    assert list(model.classes_) == list(TASKS[task_id].classes)
    X = np.zeros((3, 28, 28), np.uint8)
    proba = model.predict_proba(X)
    assert proba.shape == (3, len(TASKS[task_id].classes))
    assert np.allclose(proba.sum(axis=1), 1)
    assert np.allclose(model.predict_proba(X.reshape(3, 784)), proba)


def test_error_examples_point_at_the_right_test_images(trained, small_npz):
    artifacts, _ = trained
    x_test = np.load(small_npz)["x_test"]
    model = registry.load_model("which_digit", "sgd", artifacts=artifacts)
    report = registry.load_report("which_digit", "sgd", artifacts=artifacts)
    confidences = [e["confidence"] for e in report["errors"]]
    assert confidences == sorted(confidences, reverse=True)
    for error in report["errors"][:5]:
        proba = model.predict_proba(x_test[error["index"]][None])[0]
        assert model.classes_[proba.argmax()] == error["predicted"] != error["true"]
        assert proba.max() == pytest.approx(error["confidence"], abs=1e-5)


def test_a_tampered_model_file_is_refused_before_unpickling(copy_of):
    path = registry.model_path("which_digit", "svm", artifacts=copy_of)
    path.write_bytes(path.read_bytes() + b"extra")
    with pytest.raises(registry.ModelError, match="does not match its checksum.*not loaded"):
        registry.load_model("which_digit", "svm", artifacts=copy_of)


def rewrite_hash(artifacts, relative: str) -> None:
    """What a tamperer who can write the folder does: fix the manifest to match the swapped file."""
    manifest = json.loads((artifacts / "manifest.json").read_text())
    manifest["sha256"][relative] = hashlib.sha256((artifacts / relative).read_bytes()).hexdigest()
    (artifacts / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of the shipped models that the registry treats as the shipped folder."""
    shutil.copytree(registry.ARTIFACTS, tmp_path / "shipped")
    monkeypatch.setattr(registry, "ARTIFACTS", tmp_path / "shipped")
    return tmp_path / "shipped"


def test_a_swapped_shipped_model_with_its_hash_rewritten_is_refused(shipped_copy):
    assert registry.load_model("which_digit", "svm", artifacts=shipped_copy).classes_.tolist() == list(range(10))
    swapped = registry.model_path("which_digit", "svm", artifacts=shipped_copy)
    swapped.write_bytes(registry.model_path("which_digit", "sgd", artifacts=shipped_copy).read_bytes())
    rewrite_hash(shipped_copy, "which_digit/svm.joblib")
    with pytest.raises(registry.ModelError, match="does not match the hash pinned in digit_model/training/manifest_pin.py"):
        registry.load_model("which_digit", "svm", artifacts=shipped_copy)


def test_a_model_is_loaded_from_the_bytes_that_were_checked(copy_of, monkeypatch):
    path = registry.model_path("which_digit", "svm", artifacts=copy_of)
    checked, other = path.read_bytes(), registry.model_path("which_digit", "sgd", artifacts=copy_of).read_bytes()
    real_sha256 = hashlib.sha256

    def swap_after_check(data=b""):
        if data == checked:  # the file changes on disk right after its hash was taken
            path.write_bytes(other)
        return real_sha256(data)

    monkeypatch.setattr(registry.hashlib, "sha256", swap_after_check)
    model = registry.load_model("which_digit", "svm", artifacts=copy_of)
    assert path.read_bytes() == other
    assert repr(model) == repr(joblib.load(io.BytesIO(checked))) != repr(joblib.load(io.BytesIO(other)))


@pytest.mark.slow
def test_training_into_the_shipped_folder_pins_the_new_manifest(shipped_copy, small_npz, monkeypatch):
    pin = shipped_copy.parent / "manifest_pin.py"
    shutil.copy(manifest_pin.__file__, pin)
    monkeypatch.setattr(manifest_pin, "__file__", str(pin))
    monkeypatch.setattr(manifest_pin, "MANIFEST_SHA256", manifest_pin.MANIFEST_SHA256)
    assert main(["--source", small_npz, "--tasks", "five_or_three", "--models", "sgd", "--limit", "300"]) == 0
    digest = hashlib.sha256((shipped_copy / "manifest.json").read_bytes()).hexdigest()
    assert f'MANIFEST_SHA256 = "{digest}"' in pin.read_text()
    assert registry.load_model("five_or_three", "sgd").classes_.tolist() == [3, 5]


def test_a_missing_model_file_is_refused(copy_of):
    registry.model_path("five_or_not", "sgd", artifacts=copy_of).unlink()
    with pytest.raises(registry.ModelError, match="five_or_not/sgd.joblib is missing.*digit_model.training"):
        registry.load_model("five_or_not", "sgd", artifacts=copy_of)


def test_a_tampered_report_is_refused(copy_of):
    path = registry.model_path("five_or_three", "svm", artifacts=copy_of).with_suffix(".json")
    path.write_text(path.read_text().replace('"accuracy": ', '"accuracy": 1'))
    with pytest.raises(registry.ModelError, match="does not match its checksum"):
        registry.load_report("five_or_three", "svm", artifacts=copy_of)


def test_another_scikit_learn_version_names_the_retrain_command(copy_of):
    manifest = json.loads((copy_of / "manifest.json").read_text())
    manifest["sklearn"] = "0.24.2"
    (copy_of / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(registry.ModelError, match="trained with scikit-learn 0.24.2.*python -m digit_model.training"):
        registry.load_model("which_digit", artifacts=copy_of)


def test_no_manifest_and_unknown_names_are_clear(tmp_path, copy_of):
    with pytest.raises(registry.ModelError, match="No trained models"):
        registry.list_models(artifacts=tmp_path)
    with pytest.raises(registry.ModelError, match="Unknown model 'forest' for task 'which_digit'"):
        registry.load_model("which_digit", "forest", artifacts=copy_of)
    with pytest.raises(ValueError, match="Unknown task"):
        registry.load_model("six_or_nine", artifacts=copy_of)


def test_the_command_line_retrains_one_model_and_keeps_the_others(copy_of, small_npz, capsys):
    before = registry.load_report("which_digit", "svm", artifacts=copy_of)
    assert main(["--source", small_npz, "--tasks", "five_or_three", "--models", "sgd", "--artifacts", str(copy_of)]) == 0
    assert "[1/1] five_or_three/sgd" in capsys.readouterr().out
    assert registry.list_models(artifacts=copy_of).keys() == TASKS.keys()
    assert registry.load_report("which_digit", "svm", artifacts=copy_of) == before


def test_retraining_reproduces_the_same_numbers(trained, small_npz, small_pen, tmp_path):
    artifacts, reports = trained
    main(["--source", small_npz, "--pen-source", small_pen, "--tasks", "which_digit", "--artifacts", str(tmp_path)])
    for name in MODELS:
        again = registry.load_report("which_digit", name, artifacts=tmp_path)
        assert again["accuracy"] == reports["which_digit"][name]["accuracy"]
        assert again["errors"] == reports["which_digit"][name]["errors"]
        assert again["pen"] == reports["which_digit"][name]["pen"]


@pytest.mark.slow
def test_a_pen_model_without_pen_data_is_one_line_naming_the_variable(small_npz, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    args = ["--source", small_npz, "--tasks", "five_or_three", "--artifacts", str(tmp_path)]
    assert main([*args, "--models", "gradient_svm_pen"]) == 2
    assert "error: No pen digits: pass a path to pendigits-orig.tra or set PENDIGITS_PATH" in capsys.readouterr().err
    assert main([*args, "--models", "sgd", "--limit", "300"]) == 0  # MNIST-only models train without pen data
    assert "Reports without the pen benchmark" in capsys.readouterr().out
    assert "pen" not in registry.load_report("five_or_three", "sgd", artifacts=tmp_path)


def test_the_command_line_reports_a_bad_source_in_one_line(tmp_path, capsys):
    assert main(["--source", str(tmp_path / "none.npz"), "--artifacts", str(tmp_path)]) == 2
    assert "error: No MNIST copy" in capsys.readouterr().err


def test_no_training_or_calibration_digit_comes_from_an_evaluation_writer(small_npz, small_pen):
    pen = pen_drawings(small_pen, renders=2, log=lambda message: None)
    assert set(pen.writers.tolist()) == set(TRAIN_WRITERS)
    X_train, y_train, _, _ = load_mnist(small_npz)
    data = training_set(TASKS["which_digit"], X_train, y_train, pen)
    assert len(data.y) == len(y_train) + len(pen.digits) and data.is_pen.sum() == len(pen.digits)
    assert np.array_equal(data.as_written, data.is_pen & np.isin(np.arange(len(data.y)), len(y_train) + np.arange(len(pen.digits) // 2)))
    assert set(data.groups[data.is_pen].tolist()).isdisjoint(EVAL_WRITERS)
    folds = writer_folds(data.groups).test_fold
    for group in np.unique(data.groups):  # every writer, and each MNIST half, sits wholly in one fold
        assert len(set(folds[data.groups == group].tolist())) == 1
    assert set(folds.tolist()) == {0, 1}


@pytest.mark.slow
def test_each_task_draws_the_pen_digits_with_its_own_warp(small_npz, small_pen, tmp_path):
    messages = []
    train(source=small_npz, pen_source=small_pen, tasks=["five_or_three", "which_digit"], models=["gradient_svm_pen"],
          artifacts=tmp_path, log=messages.append)
    drawing = [message for message in messages if message.startswith("Drawing")]
    assert len(drawing) == 2 and PEN_WARP["five_or_three"] == 0 and PEN_WARP["which_digit"] > 0
    assert drawing[0].endswith("5 times each...")
    assert drawing[1].endswith(f"5 times each, all but the first bent by a warp of {PEN_WARP['which_digit']:g}...")
