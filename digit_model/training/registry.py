"""List and load the shipped models and their reports, refusing any file that fails its checksum.

Unpickling runs code, so a model file is only loaded when its SHA-256 matches the manifest
that training wrote next to it, and the shipped manifest is only read when its own SHA-256
matches the one pinned in :mod:`digit_model.training.manifest_pin`: swapping a shipped model takes a
change to the code. A file is loaded from the very bytes that were hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import json
import re
import sys
import threading
from pathlib import Path

import joblib
import sklearn

from digit_model.tasks import get_task
from digit_model.training import manifest_pin

__all__ = [
    "ARTIFACTS", "STUDIES", "ModelError", "list_models", "default_model", "load_model", "load_report", "load_study",
    "model_path", "shipped_name", "study_path", "ship_study", "write_manifest",
]

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
MANIFEST = "manifest.json"
RETRAIN = "python -m digit_model.training"
#: A study's results shipped beside a model for the pages to show (``<model>.<study>.json``), hashed like
#: the model. Training a model again removes them: they describe the model they were measured on.
STUDIES = ("non_digits",)


class ModelError(ValueError):
    """A shipped model or report is missing, altered, or from another scikit-learn."""


def list_models(*, artifacts: Path = ARTIFACTS) -> dict[str, list[str]]:
    """``{task id: [model names]}``, the task's default model first."""
    manifest = _manifest(artifacts)
    return {
        task: sorted(names, key=lambda name: name != manifest["defaults"][task])
        for task, names in manifest["models"].items()
    }


def default_model(task: str, *, artifacts: Path = ARTIFACTS) -> str:
    """The name of the task's best model by its selection metric."""
    get_task(task)
    return _manifest(artifacts)["defaults"][task]


def model_path(task: str, name: str, *, artifacts: Path = ARTIFACTS) -> Path:
    return artifacts / task / f"{name}.joblib"


def study_path(task: str, name: str, study: str, *, artifacts: Path = ARTIFACTS) -> Path:
    return model_path(task, name, artifacts=artifacts).with_suffix(f".{study}.json")


def load_model(task: str, name: str | None = None, *, artifacts: Path = ARTIFACTS):
    """The fitted model (a scikit-learn estimator with ``predict_proba`` and ``classes_``)."""
    data = _checked(task, name, ".joblib", artifacts)
    manifest = _manifest(artifacts)
    if manifest["sklearn"] != sklearn.__version__:
        raise ModelError(
            f"The models were trained with scikit-learn {manifest['sklearn']}, this is "
            f"{sklearn.__version__}. Install scikit-learn=={manifest['sklearn']} "
            f"(pip install -r requirements.txt) or retrain with `{RETRAIN}`."
        )
    with _old_class_paths():
        return joblib.load(io.BytesIO(data))


#: Where the classes that the shipped pickles name by their old module path live now. A pickle
#: names each class by module and name; the package was regrouped after these files were written,
#: and their bytes (and hashes) stay as shipped.
MOVED_CLASSES = {
    "digit_model.augment": "digit_model.models.augment",
    "digit_model.duels": "digit_model.models.duels",
    "digit_model.features": "digit_model.models.features",
}
_ALIASING = threading.Lock()


@contextlib.contextmanager
def _old_class_paths():
    """While a model loads, the old module paths in :data:`MOVED_CLASSES` resolve to today's modules."""
    with _ALIASING:
        added = [old for old in MOVED_CLASSES if old not in sys.modules]
        for old in added:
            sys.modules[old] = importlib.import_module(MOVED_CLASSES[old])
        try:
            yield
        finally:
            for old in added:
                del sys.modules[old]


def load_report(task: str, name: str | None = None, *, artifacts: Path = ARTIFACTS) -> dict:
    """The model's test-set report, as written by :func:`digit_model.evaluation.scoring.evaluate`."""
    return json.loads(_checked(task, name, ".json", artifacts))


def load_study(task: str, name: str | None = None, study: str = "non_digits", *, artifacts: Path = ARTIFACTS) -> dict | None:
    """A study's results for the model (see :data:`STUDIES`), or None when none were shipped for it."""
    name = default_model(task, artifacts=artifacts) if name is None else name
    relative = study_path(task, name, study, artifacts=artifacts).relative_to(artifacts).as_posix()
    if relative not in _manifest(artifacts)["sha256"]:
        return None
    return json.loads(_checked(task, name, f".{study}.json", artifacts))


def _manifest(artifacts: Path) -> dict:
    path = artifacts / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"No trained models in {str(artifacts)!r} (no {MANIFEST}). Train them with `{RETRAIN}`.") from None
    if _is_shipped(artifacts) and hashlib.sha256(data).hexdigest() != manifest_pin.MANIFEST_SHA256:
        raise ModelError(
            f"The shipped {MANIFEST} does not match the hash pinned in digit_model/training/manifest_pin.py: the models "
            f"were changed outside training, so none is loaded. Restore them from git or retrain with `{RETRAIN}`."
        )
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise ModelError(f"{str(path)!r} is corrupt ({error}). Restore it from git or retrain with `{RETRAIN}`.") from None


def _is_shipped(artifacts: Path) -> bool:
    return artifacts.resolve() == ARTIFACTS.resolve()


def shipped_name(task: str, name: str | None = None, *, artifacts: Path = ARTIFACTS) -> str:
    """The name of one of the task's shipped models (its default for None), or ModelError for an unknown one."""
    return _known(task, name, _manifest(artifacts))


def _known(task: str, name: str | None, manifest: dict) -> str:
    """:func:`shipped_name`, from a manifest already read."""
    get_task(task)
    name = manifest["defaults"][task] if name is None else name
    known = manifest["models"].get(task, [])
    if name not in known:
        raise ModelError(f"Unknown model {name!r} for task {task!r}. Expected one of {', '.join(map(repr, known))}.")
    return name


def _checked(task: str, name: str | None, suffix: str, artifacts: Path) -> bytes:
    """The artifact's bytes, once their SHA-256 matches the manifest (read once, so they cannot change after the check)."""
    manifest = _manifest(artifacts)
    path = model_path(task, _known(task, name, manifest), artifacts=artifacts).with_suffix(suffix)
    relative = path.relative_to(artifacts).as_posix()
    expected = manifest["sha256"].get(relative)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{relative} is missing. Restore it from git or retrain with `{RETRAIN}`.") from None
    if hashlib.sha256(data).hexdigest() != expected:
        raise ModelError(
            f"{relative} does not match its checksum in {MANIFEST}: it was altered or corrupted, so it "
            f"is not loaded. Restore it from git or retrain with `{RETRAIN}`."
        )
    return data


def write_manifest(artifacts: Path, *, models: dict[str, list[str]], defaults: dict[str, str]) -> None:
    """Record every artifact's SHA-256, so that loading can verify it (called by training).

    In the shipped folder, the manifest's own hash is pinned in :mod:`digit_model.training.manifest_pin`.
    """
    sha256 = {}
    for task, names in models.items():
        for name in names:
            for path in _artifact_paths(task, name, artifacts):
                sha256[path.relative_to(artifacts).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {"sklearn": sklearn.__version__, "models": models, "defaults": defaults, "sha256": sha256}
    text = json.dumps(manifest, indent=2) + "\n"
    (artifacts / MANIFEST).write_text(text)
    if _is_shipped(artifacts):
        pin = Path(manifest_pin.__file__)
        digest = hashlib.sha256(text.encode()).hexdigest()
        pin.write_text(re.sub(r'MANIFEST_SHA256 = "[0-9a-f]*"', f'MANIFEST_SHA256 = "{digest}"', pin.read_text()))
        manifest_pin.MANIFEST_SHA256 = digest


def ship_study(task: str, name: str, study: str, results: dict, *, artifacts: Path = ARTIFACTS) -> Path:
    """Write a study's results beside the model they were measured on, and record their hash in the manifest."""
    if study not in STUDIES:
        raise ValueError(f"Unknown study {study!r}. Expected one of {', '.join(map(repr, STUDIES))}.")
    manifest = _manifest(artifacts)
    if name not in manifest["models"].get(task, []):
        raise ModelError(f"Unknown model {name!r} for task {task!r}.")
    path = study_path(task, name, study, artifacts=artifacts)
    path.write_text(json.dumps(results, indent=2) + "\n")
    write_manifest(artifacts, models=manifest["models"], defaults=manifest["defaults"])
    return path


def _artifact_paths(task: str, name: str, artifacts: Path) -> list[Path]:
    """The model, its report, and the studies shipped for it."""
    model = model_path(task, name, artifacts=artifacts)
    studies = [study_path(task, name, study, artifacts=artifacts) for study in STUDIES]
    return [model, model.with_suffix(".json"), *(path for path in studies if path.exists())]
