"""`python -m digit_model.training`: fit every shipped model, evaluate it, write model, report, manifest.

Retraining reproduces the shipped numbers: the data split is fixed and every random step
has a random_state. Models trained on MNIST + pen also learn from the pen digits of the
training writers; every report scores its model on the evaluation writers' pen digits
whenever the pen data can be read.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import joblib
import numpy as np
import scipy
import sklearn
from scipy.stats import binomtest

from digit_model.evaluation.latency import canvas_latency
from digit_model.evaluation.scoring import benchmark_figures, evaluate
from digit_model.evaluation.test_sets import pen_test_set
from digit_model.inputs.mnist import checksum, load_mnist
from digit_model.inputs.pendigits import PenDigitsError
from digit_model.models.catalogue import MNIST, MODELS
from digit_model.tasks import TASKS, get_task
from digit_model.training import registry
from digit_model.training.sets import (
    TrainingSet,
    fit_model,
    pen_drawings,
    pen_recipe,
    training_set,
)

__all__ = ["train", "choose_default", "main"]

_COMPRESS = ("xz", 6)
_SIGNIFICANCE = 0.05


def train(
    *,
    source: str | None = None,
    pen_source: str | None = None,
    tasks: list[str] | None = None,
    models: list[str] | None = None,
    artifacts: Path = registry.ARTIFACTS,
    limit: int | None = None,
    log=print,
) -> dict[str, dict[str, dict]]:
    """Train, evaluate and save the chosen models; returns ``{task: {model: report}}``.

    ``limit`` keeps the first ``limit`` training and test images (for quick tests only).
    ``pen_source`` is the pen digits' file (default: ``$PENDIGITS_PATH``); models that learn
    from pen digits need it, the others only use it to score themselves on unseen writers.
    """
    tasks = tasks or list(TASKS)
    for task_id in tasks:
        get_task(task_id)
    unknown = sorted(set(models or []) - set(MODELS))
    if unknown:
        raise ValueError(f"Unknown model(s) {', '.join(unknown)}. Expected some of {', '.join(MODELS)}.")
    names = models or list(MODELS)
    log(f"Loading MNIST from {source or 'MNIST_PATH or OpenML'}...")
    X_train, y_train, X_test, y_test = load_mnist(source)
    if limit is not None:
        X_train, y_train, X_test, y_test = X_train[:limit], y_train[:limit], X_test[:limit], y_test[:limit]
    data_sha256 = checksum(X_train, y_train)
    test_sha256 = checksum(X_test, y_test)
    jobs = [(task_id, name) for task_id in tasks for name in names]
    recipes = {pen_recipe(task_id, name) for task_id, name in jobs} - {(0, 0.0)}
    pen_train = {
        (renders, warp): pen_drawings(pen_source, renders=renders, warp=warp, log=log) for renders, warp in sorted(recipes)
    }
    try:
        pen_test = pen_test_set(pen_source)
    except PenDigitsError as error:
        log(f"Reports without the pen benchmark: {error}")
        pen_test = None
    reports: dict[str, dict[str, dict]] = {}
    for step, (task_id, name) in enumerate(jobs, start=1):
        data = training_set(TASKS[task_id], X_train, y_train, pen_train.get(pen_recipe(task_id, name)))
        report = _train_one(task_id, name, data, (X_test, y_test), pen_test, artifacts=artifacts,
                            log=lambda message: log(f"[{step}/{len(jobs)}] {task_id}/{name}: {message}"))
        reports.setdefault(task_id, {})[name] = report | {
            "data_sha256": data_sha256, "test_sha256": test_sha256, "versions": _versions()}
        registry.model_path(task_id, name, artifacts=artifacts).with_suffix(".json").write_text(
            json.dumps(reports[task_id][name]) + "\n")
    _update_manifest(artifacts, reports)
    return reports


def _train_one(task_id: str, name: str, data: TrainingSet, test: tuple, pen_test, *, artifacts: Path, log) -> dict:
    """Fit one model, save it, and return its report (scored on MNIST test and, when read, the unseen writers)."""
    task, spec = TASKS[task_id], MODELS[name]
    Xt, yt, indices = task.select(*test)
    n_pen = int(data.is_pen.sum())
    log(f"fitting on {len(data.y):,} images ({n_pen:,} of them pen drawings)...")
    started = time.perf_counter()
    model = fit_model(task_id, name, data)
    train_seconds = time.perf_counter() - started
    path = registry.model_path(task_id, name, artifacts=artifacts)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=_COMPRESS)
    for study in registry.STUDIES:  # measured on the model just replaced
        registry.study_path(task_id, name, study, artifacts=artifacts).unlink(missing_ok=True)
    report = evaluate(model, Xt, yt, task=task, indices=indices)
    latency, latency_p95 = canvas_latency(model)
    if pen_test is not None:
        images, digits, about = pen_test
        report["pen"] = benchmark_figures(model, images, digits, task=task) | about
    report.update(
        model=name,
        description=spec.description,
        trained_on=spec.trained_on,
        train_seconds=round(train_seconds, 1),
        file_bytes=path.stat().st_size,
        latency_ms=round(latency, 3),
        latency_p95_ms=round(latency_p95, 3),
        n_train=int(len(data.y)),
        n_train_pen=n_pen,
    )
    log(f"accuracy {report['accuracy']:.4f} in {train_seconds:.0f} s, {path.stat().st_size / 1e6:.1f} MB")
    return report


def _versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
    }


def _update_manifest(artifacts: Path, reports: dict[str, dict[str, dict]]) -> None:
    """Merge the new models into what is already shipped and pick each task's best."""
    try:
        models = registry.list_models(artifacts=artifacts)
    except registry.ModelError:
        models = {}
    for task_id, trained in reports.items():
        models[task_id] = [name for name in MODELS if name in trained or name in models.get(task_id, [])]
    defaults = {}
    for task_id, names in models.items():
        saved = {name: json.loads(registry.model_path(task_id, name, artifacts=artifacts).with_suffix(".json").read_text()) for name in names}
        defaults[task_id] = choose_default(TASKS[task_id].selection_metric, saved)
    ordered = {task_id: models[task_id] for task_id in TASKS if task_id in models}
    registry.write_manifest(artifacts, models=ordered, defaults=defaults)


def choose_default(metric: str, reports: dict[str, dict]) -> str:
    """The task's default model.

    The best MNIST-only model by ``metric`` on MNIST test, unless a model that also learned
    from pen digits reads the unseen pen writers better by the same metric without being
    worse on MNIST test: then the best such model. "Worse" is McNemar's exact test at 5% on
    the MNIST test digits that exactly one of the two models gets wrong, so that a handful of
    digits either way, which a 10,000-digit test set cannot tell apart, decides nothing. With
    no MNIST-only model trained yet, the best by ``metric`` on MNIST test.
    """
    mnist_only = [name for name, report in reports.items() if report["trained_on"] == MNIST] or list(reports)
    best = max(mnist_only, key=lambda name: reports[name][metric])
    if "pen" not in reports[best]:
        return best
    challengers = [
        name for name, report in reports.items()
        if name not in mnist_only and "pen" in report
        and report["pen"][metric] > reports[best]["pen"][metric]
        and not _worse_on_mnist(report, reports[best])
    ]
    return max(challengers, key=lambda name: reports[name]["pen"][metric], default=best)


def _worse_on_mnist(challenger: dict, incumbent: dict) -> bool:
    """Does the challenger get significantly more MNIST test digits wrong (one-sided, 5%)?"""
    theirs = {error["index"] for error in challenger["errors"]}
    ours = {error["index"] for error in incumbent["errors"]}
    only_theirs, only_ours = len(theirs - ours), len(ours - theirs)
    if only_theirs <= only_ours:
        return False
    return binomtest(only_theirs, only_theirs + only_ours, 0.5, alternative="greater").pvalue < _SIGNIFICANCE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digit_model.training", description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)")
    parser.add_argument("--pen-source", help="pendigits-orig.tra (default: $PENDIGITS_PATH)")
    parser.add_argument("--tasks", nargs="+", choices=list(TASKS), help="tasks to train (default: all)")
    parser.add_argument("--models", nargs="+", choices=list(MODELS), help="models to train (default: all)")
    parser.add_argument("--artifacts", type=Path, default=registry.ARTIFACTS, help="output folder")
    parser.add_argument("--limit", type=int, help="use only the first N train and test images (quick checks)")
    args = parser.parse_args(argv)
    try:
        train(source=args.source, pen_source=args.pen_source, tasks=args.tasks, models=args.models, artifacts=args.artifacts, limit=args.limit,
              log=lambda message: print(message, flush=True))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0

