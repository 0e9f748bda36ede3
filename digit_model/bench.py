"""`python -m digit_model.bench`: the measured figures of every shipped model, as a Markdown table.

Test-set figures come from the reports written at training time (`tests/test_shipped.py`
checks that the shipped models still reproduce them); latency is measured here, from a
280x280 RGBA canvas array through `to_mnist` to `predict_proba`, one image at a time, warm.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from digit_model import registry
from digit_model.preprocess import to_mnist
from digit_model.tasks import TASKS

__all__ = ["canvas_latency", "model_rows", "main"]


def _canvas() -> np.ndarray:
    """A 280x280 RGBA canvas with a thick stroke, like a visitor's drawing of a 7."""
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[60:80, 70:210, :] = 255
    for row in range(80, 230):
        col = 210 - (row - 80) * 0.6
        canvas[row, int(col) - 10 : int(col) + 10, :] = 255
    return canvas


def canvas_latency(model, *, repeats: int = 200, warmup: int = 20) -> tuple[float, float]:
    """Median and 95th-percentile milliseconds from canvas array to probabilities."""
    canvas = _canvas()
    timings = []
    for i in range(warmup + repeats):
        started = time.perf_counter()
        model.predict_proba(to_mnist(canvas)[None])
        if i >= warmup:
            timings.append((time.perf_counter() - started) * 1000)
    return float(np.median(timings)), float(np.percentile(timings, 95))


def model_rows(*, artifacts: Path = registry.ARTIFACTS, repeats: int = 200) -> list[dict]:
    """One row of figures per shipped model, default models first within each task."""
    rows = []
    for task_id, names in registry.list_models(artifacts=artifacts).items():
        for name in names:
            report = registry.load_report(task_id, name, artifacts=artifacts)
            median, p95 = canvas_latency(registry.load_model(task_id, name, artifacts=artifacts), repeats=repeats)
            rows.append({
                "task": task_id,
                "model": name + (" (default)" if name == names[0] else ""),
                "accuracy": f"{report['accuracy']:.2%}",
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
    args = parser.parse_args(argv)
    try:
        rows = model_rows(artifacts=args.artifacts, repeats=args.repeats)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    total = sum(path.stat().st_size for path in args.artifacts.rglob("*") if path.is_file())
    print(markdown(rows))
    print(f"\nAll shipped models and reports: {total / 1e6:.1f} MB ({len(TASKS)} tasks).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
