"""`python -m digit_model.train`: fit every shipped model, evaluate it, write model, report, manifest.

Retraining reproduces the shipped numbers: the data split is fixed and every random step
has a random_state.
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

from digit_model import registry
from digit_model.data import checksum, load_mnist
from digit_model.evaluate import canvas_latency, evaluate
from digit_model.models import MODELS, make_model
from digit_model.tasks import TASKS, get_task

__all__ = ["train", "main"]

_COMPRESS = ("xz", 6)


def train(
    *,
    source: str | None = None,
    tasks: list[str] | None = None,
    models: list[str] | None = None,
    artifacts: Path = registry.ARTIFACTS,
    limit: int | None = None,
    log=print,
) -> dict[str, dict[str, dict]]:
    """Train, evaluate and save the chosen models; returns ``{task: {model: report}}``.

    ``limit`` keeps the first ``limit`` training and test images (for quick tests only).
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
    reports: dict[str, dict[str, dict]] = {}
    jobs = [(task_id, name) for task_id in tasks for name in names]
    for step, (task_id, name) in enumerate(jobs, start=1):
        task = TASKS[task_id]
        X, y, _ = task.select(X_train, y_train)
        Xt, yt, indices = task.select(X_test, y_test)
        log(f"[{step}/{len(jobs)}] {task_id}/{name}: fitting on {len(y):,} images...")
        model = make_model(task_id, name)
        started = time.perf_counter()
        model.fit(X, y)
        train_seconds = time.perf_counter() - started
        path = registry.model_path(task_id, name, artifacts=artifacts)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(model, path, compress=_COMPRESS)
        report = evaluate(model, Xt, yt, task=task, indices=indices)
        latency, latency_p95 = canvas_latency(model)
        report.update(
            model=name,
            description=MODELS[name].description,
            train_seconds=round(train_seconds, 1),
            file_bytes=path.stat().st_size,
            latency_ms=round(latency, 3),
            latency_p95_ms=round(latency_p95, 3),
            n_train=int(len(y)),
            data_sha256=data_sha256,
            versions=_versions(),
        )
        path.with_suffix(".json").write_text(json.dumps(report) + "\n")
        reports.setdefault(task_id, {})[name] = report
        log(
            f"[{step}/{len(jobs)}] {task_id}/{name}: accuracy {report['accuracy']:.4f} "
            f"in {train_seconds:.0f} s, {path.stat().st_size / 1e6:.1f} MB"
        )
    _update_manifest(artifacts, reports)
    return reports


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
        metric = TASKS[task_id].selection_metric
        scores = {name: json.loads(registry.model_path(task_id, name, artifacts=artifacts).with_suffix(".json").read_text())[metric] for name in names}
        defaults[task_id] = max(scores, key=scores.get)
    ordered = {task_id: models[task_id] for task_id in TASKS if task_id in models}
    registry.write_manifest(artifacts, models=ordered, defaults=defaults)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digit_model.train", description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)")
    parser.add_argument("--tasks", nargs="+", choices=list(TASKS), help="tasks to train (default: all)")
    parser.add_argument("--models", nargs="+", choices=list(MODELS), help="models to train (default: all)")
    parser.add_argument("--artifacts", type=Path, default=registry.ARTIFACTS, help="output folder")
    parser.add_argument("--limit", type=int, help="use only the first N train and test images (quick checks)")
    args = parser.parse_args(argv)
    try:
        train(source=args.source, tasks=args.tasks, models=args.models, artifacts=args.artifacts, limit=args.limit,
              log=lambda message: print(message, flush=True))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
