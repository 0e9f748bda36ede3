"""`python -m digit_model.bench`: the measured figures of every shipped model, as a Markdown table.

Test-set figures come from the reports written at training time (`tests/test_shipped.py`
checks that the shipped models still reproduce them); latency is measured here, from a
280x280 RGBA canvas array through `to_mnist` to `predict_proba`, one image at a time, warm;
drawn-digit accuracy is measured here on MNIST test digits redrawn as canvas drawings
(`digit_model.evaluation.drawn`), pushed through `to_mnist` and the model exactly as the app does;
pen accuracy is measured here on the real pen digits of the evaluation writers, whom no model
ever learned from (`digit_model.inputs.pendigits`), drawn stroke by stroke on the canvas
(`digit_model.inputs.canvas`) and read the same way.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from digit_model.evaluation.latency import canvas_latency
from digit_model.evaluation.scoring import benchmark_figures
from digit_model.evaluation.test_sets import drawn_test_set, pen_test_set
from digit_model.inputs.pendigits import EVAL_WRITERS
from digit_model.studies.cli import markdown
from digit_model.tasks import TASKS
from digit_model.training import registry

__all__ = ["model_rows", "main"]


def model_rows(
    *, artifacts: Path = registry.ARTIFACTS, repeats: int = 200, drawn=None, pen=None
) -> tuple[list[dict], list[dict], list[dict]]:
    """Three tables with a row per shipped model, default models first within each task: its
    figures, its pen-benchmark accuracy per digit, and how honest its confidence is.

    ``drawn`` is ``(images, digits)`` from :func:`drawn_test_set`, ``pen`` is the first two items
    of :func:`pen_test_set`; None skips that benchmark (and the last two tables).
    """
    rows, per_digit, honesty = [], [], []
    for task_id, names in registry.list_models(artifacts=artifacts).items():
        task = TASKS[task_id]
        for name in names:
            report = registry.load_report(task_id, name, artifacts=artifacts)
            model = registry.load_model(task_id, name, artifacts=artifacts)
            median, p95 = canvas_latency(model, repeats=repeats)
            label = name + (" (default)" if name == names[0] else "")
            row = {
                "task": task_id,
                "model": label,
                "trained on": report["trained_on"],
                "MNIST accuracy": f"{report['accuracy']:.2%}",
            }
            if drawn is not None:
                row["drawn accuracy"] = f"{benchmark_figures(model, *drawn, task=task)['accuracy']:.2%}"
            if pen is not None:
                figures = benchmark_figures(model, *pen, task=task, sure_from=task.sure_from)
                row["pen accuracy (unseen writers)"] = f"{figures['accuracy']:.2%}"
                per_digit.append({"task": task_id, "model": label} | {
                    str(digit): f"{figures['per_digit'][str(digit)]:.1%}" if str(digit) in figures["per_digit"] else ""
                    for digit in range(10)
                })
                calibration = figures["calibration"]
                honesty.append({
                    "task": task_id,
                    "model": label,
                    "MNIST ECE": f"{report['calibration']['ece']:.4f}",
                    "pen ECE": f"{calibration['ece']:.4f}",
                    "pen wrong answers at >= 90%": f"{calibration['wrong_confident_share']:.0%}",
                    **{f"pen accuracy at {float(c):.0%} coverage": f"{a:.2%}" for c, a in calibration["accuracy_at_coverage"].items()},
                    "pen answered plainly": f"{figures['sure_share']:.1%}",
                    "of those right": f"{figures['sure_accuracy']:.2%}",
                })
            row["F1 (of 5)"] = f"{report['positive_f1']:.4f}" if "positive_f1" in report else ""
            if pen is not None:
                row["pen F1 (of 5)"] = f"{figures['positive_f1']:.4f}" if "positive_f1" in figures else ""
            rows.append(row | {
                "ROC AUC": f"{report['roc_auc']:.5f}" if "roc_auc" in report else "",
                "latency median (ms)": f"{median:.2f}",
                "latency p95 (ms)": f"{p95:.2f}",
                "file (MB)": f"{report['file_bytes'] / 1e6:.2f}",
                "training (s)": f"{report['train_seconds']:.0f}",
            })
    return rows, per_digit, honesty


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digit_model.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", type=Path, default=registry.ARTIFACTS)
    parser.add_argument("--repeats", type=int, default=200, help="timed predictions per model")
    parser.add_argument("--drawn", type=int, default=10_000, help="MNIST test digits to redraw (0: skip)")
    parser.add_argument("--source", help="MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)")
    parser.add_argument("--pen-source", help="pendigits-orig.tra (default: $PENDIGITS_PATH)")
    parser.add_argument("--no-pen", action="store_true", help="skip the pen-drawn benchmark of unseen writers")
    parser.add_argument(
        "--app", action="store_true",
        help="then measure the app itself in Chromium: time to the first prediction, server memory",
    )
    args = parser.parse_args(argv)
    try:
        drawn = drawn_test_set(args.drawn, source=args.source) if args.drawn else None
        pen = None if args.no_pen else pen_test_set(args.pen_source)[:2]
        rows, per_digit, honesty = model_rows(artifacts=args.artifacts, repeats=args.repeats, drawn=drawn, pen=pen)
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
    if per_digit:
        print(f"\nPen-drawn digits of the unseen writers {', '.join(map(str, EVAL_WRITERS))}: accuracy per digit.\n")
        print(markdown(per_digit))
        print("\nHow honest the confidence is: expected calibration error (10 bins), wrong answers given with 90%")
        print("confidence or more, accuracy of the most confident answers kept, and the share answered without")
        print("\"I'm not sure\" (the task's level).\n")
        print(markdown(honesty))
    print(f"\nAll shipped models and reports: {total / 1e6:.1f} MB ({len(TASKS)} tasks).")
    print(f"Training all {len(rows)} models (sum of the reports' training times): {training / 60:.1f} minutes.")
    if args.app:
        # The browser measurement lives with the browser tests, whose server and drawing helpers it uses.
        print()
        return subprocess.run([sys.executable, "-m", "tests.e2e.measure"], cwd=Path(__file__).parents[1]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
