"""`python -m digit_model.bench`: the measured figures of every shipped model, as a Markdown table.

Test-set figures come from the reports written at training time (`tests/test_shipped.py`
checks that the shipped models still reproduce them); latency is measured here, from a
280x280 RGBA canvas array through `to_mnist` to `predict_proba`, one image at a time, warm;
drawn-digit accuracy is measured here on MNIST test digits redrawn as canvas drawings
(`digit_model.drawn`), pushed through `to_mnist` and the model exactly as the app does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

from digit_model import registry
from digit_model.data import load_mnist
from digit_model.drawn import drawn_digits
from digit_model.evaluate import canvas_latency, most_probable
from digit_model.preprocess import to_mnist
from digit_model.tasks import TASKS

__all__ = ["drawn_test_set", "model_rows", "markdown", "main"]


def drawn_test_set(n: int, *, source: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` MNIST test digits, drawn on a canvas and turned back into 28x28 by ``to_mnist``."""
    _, _, X_test, y_test = load_mnist(source)
    images = [to_mnist(canvas) for canvas in drawn_digits(X_test[:n])]
    blank = np.zeros((28, 28), np.uint8)  # a drawing too faint to read still counts, as a miss
    return np.stack([blank if image is None else image for image in images]), y_test[:n]


def model_rows(*, artifacts: Path = registry.ARTIFACTS, repeats: int = 200, drawn=None) -> list[dict]:
    """One row of figures per shipped model, default models first within each task.

    ``drawn`` is ``(images, digits)`` from :func:`drawn_test_set`, or None to skip that column.
    """
    rows = []
    for task_id, names in registry.list_models(artifacts=artifacts).items():
        for name in names:
            report = registry.load_report(task_id, name, artifacts=artifacts)
            model = registry.load_model(task_id, name, artifacts=artifacts)
            median, p95 = canvas_latency(model, repeats=repeats)
            row = {
                "task": task_id,
                "model": name + (" (default)" if name == names[0] else ""),
                "MNIST accuracy": f"{report['accuracy']:.2%}",
            }
            if drawn is not None:
                X, y, _ = TASKS[task_id].select(*drawn)
                row["drawn accuracy"] = f"{np.mean(most_probable(model, X)[0] == y):.2%}"
            rows.append(row | {
                "F1 (of 5)": f"{report['positive_f1']:.4f}" if "positive_f1" in report else "",
                "ROC AUC": f"{report['roc_auc']:.5f}" if "roc_auc" in report else "",
                "latency median (ms)": f"{median:.2f}",
                "latency p95 (ms)": f"{p95:.2f}",
                "file (MB)": f"{report['file_bytes'] / 1e6:.2f}",
                "training (s)": f"{report['train_seconds']:.0f}",
            })
    return rows


def markdown(rows: list[dict]) -> str:
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(row[key]) for key in header) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digit_model.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", type=Path, default=registry.ARTIFACTS)
    parser.add_argument("--repeats", type=int, default=200, help="timed predictions per model")
    parser.add_argument("--drawn", type=int, default=10_000, help="MNIST test digits to redraw (0: skip)")
    parser.add_argument("--source", help="MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)")
    parser.add_argument(
        "--app", action="store_true",
        help="then measure the app itself in Chromium: time to the first prediction, server memory",
    )
    args = parser.parse_args(argv)
    try:
        drawn = drawn_test_set(args.drawn, source=args.source) if args.drawn else None
        rows = model_rows(artifacts=args.artifacts, repeats=args.repeats, drawn=drawn)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    total = sum(path.stat().st_size for path in args.artifacts.rglob("*") if path.is_file())
    training = sum(
        registry.load_report(task_id, name, artifacts=args.artifacts)["train_seconds"]
        for task_id, names in registry.list_models(artifacts=args.artifacts).items()
        for name in names
    )
    print(markdown(rows))
    print(f"\nAll shipped models and reports: {total / 1e6:.1f} MB ({len(TASKS)} tasks).")
    print(f"Training all {len(rows)} models (sum of the reports' training times): {training / 60:.1f} minutes.")
    if args.app:
        # The browser measurement lives with the browser tests, whose server and drawing helpers it uses.
        print()
        return subprocess.run([sys.executable, "-m", "tests.e2e.measure"], cwd=Path(__file__).parents[1]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
