"""`python -m digit_model.bench`: the measured figures of every shipped model, as Markdown tables.

Test-set figures come from the reports written at training time (`tests/training/test_shipped.py`
checks that the shipped models still reproduce them); latency is measured here, from a
280x280 RGBA canvas array through `to_mnist` to `predict_proba`, one image at a time, warm;
drawn-digit accuracy is measured here on MNIST test digits redrawn as canvas drawings
(`digit_model.evaluation.drawn`), pushed through `to_mnist` and the model exactly as the app does;
pen accuracy is measured here on the real pen digits of the evaluation writers, whom no model
ever learned from (`digit_model.inputs.pendigits`), drawn stroke by stroke on the canvas
(`digit_model.inputs.canvas`) and read the same way.

The not-a-digit check's figures come from its study, shipped beside the model it checks
(`python -m digit_model.studies.non_digits --ship`), as the test-set figures come from the reports.

Whole numbers (`read_number`) are measured here too, as `python -m digit_model.studies.numbers`
measures them: numbers of 2 to 6 digits of the evaluation writers and of MNIST test digits, read
by the all-digit task's default model (`--numbers 0` skips them, the slowest part).

`--write PATH` writes the tables as a Markdown page headed by the date, the machine and the
command that regenerates it (`docs/results.md` is written this way). The app's own timings in a
browser are another command: `python -m tools.measure`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import sys
from pathlib import Path

from digit_model.evaluation.latency import canvas_latency
from digit_model.evaluation.scoring import benchmark_figures
from digit_model.evaluation.test_sets import drawn_test_set, pen_test_set
from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import EVAL_WRITERS, load_pendigits
from digit_model.numbers.benchmark import number_rows
from digit_model.studies import cli
from digit_model.tasks import TASKS
from digit_model.training import registry

__all__ = ["model_rows", "tables_text", "non_digits_text", "numbers_text", "results_page", "this_machine", "main"]

NUMBER_TASK = TASKS["which_digit"]  # whose default model reads the whole numbers


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


def tables_text(rows: list[dict], per_digit: list[dict], honesty: list[dict], *, artifacts: Path) -> str:
    """The three tables of :func:`model_rows` with their captions, and the shipped files' totals."""
    total = sum(path.stat().st_size for path in artifacts.rglob("*") if path.is_file())
    training = sum(
        registry.load_report(task_id, name, artifacts=artifacts)["train_seconds"]
        for task_id, names in registry.list_models(artifacts=artifacts).items()
        for name in names
    )
    parts = [cli.markdown(rows)]
    if per_digit:
        parts += [
            f"\nPen-drawn digits of the unseen writers {', '.join(map(str, EVAL_WRITERS))}: accuracy per digit.\n",
            cli.markdown(per_digit),
            "\nHow honest the confidence is: expected calibration error (10 bins), wrong answers given with 90%",
            "confidence or more, accuracy of the most confident answers kept, and the share answered without",
            "\"I'm not sure\" (the task's level).\n",
            cli.markdown(honesty),
        ]
    parts += [
        f"\nAll shipped models and reports: {total / 1e6:.1f} MB ({len(TASKS)} tasks).",
        f"Training all {len(rows)} models (sum of the reports' training times): {training / 60:.1f} minutes.",
    ]
    return "\n".join(parts)


def numbers_text(count: int, *, artifacts: Path, source: str | None, pen_source: str | None, pen: bool) -> str:
    """The number benchmark's table with its caption: ``count`` numbers per source, layout and length,
    of the evaluation writers' pen digits (unless not ``pen``) and of MNIST test digits."""
    model = registry.load_model(NUMBER_TASK.id, artifacts=artifacts)
    digits = load_pendigits(pen_source, split="eval") if pen else None
    rows = number_rows(model, task=NUMBER_TASK, pen=digits, mnist=load_mnist(source)[2:], count=count)
    caption = (
        f"\nWhole numbers read by {NUMBER_TASK.id}'s default model with `read_number` "
        "([the numbers study](studies/numbers.md)): each number of one unseen writer's pen digits or of MNIST test "
        "digits, side by side with gaps or touching. The share read whole and right, split into the right count, "
        "and of digits right in order, with the canvas's strokes and from the image alone; milliseconds per digit, "
        "the model's share in brackets.\n"
    )
    return "\n".join([caption, cli.markdown(rows)])


def non_digits_text(*, artifacts: Path) -> str:
    """What the not-a-digit check of each task's default model refuses, real digits and drawn non-digits,
    as its study measured it when it was shipped beside the model (empty when none was)."""
    parts = []
    for task_id in registry.list_models(artifacts=artifacts):
        study = registry.load_study(task_id, artifacts=artifacts)
        if study is None:
            continue
        parts += [
            f"\nNot a digit: what `looks_like_a_digit` refuses with {task_id}'s default model ({study['model']}), as "
            f"`{study['command']}` measured it when it shipped the check's figures beside the model "
            "([the non-digits study](studies/non_digits.md)). Real digits refused:\n",
            cli.markdown(study["digits"]),
            "\nDrawn non-digits caught, by kind:\n",
            cli.markdown(study["kinds"]),
        ]
    return "\n".join(parts)


# What the columns mean, above the tables of the written page.
_ABOUT = """\
MNIST figures (accuracy, F1 of the 5s, ROC AUC, ECE) are on the MNIST test set, from the reports
written at training time (`tests/training/test_shipped.py` checks that the shipped models still
reproduce them). *Drawn* accuracy is on MNIST test digits redrawn as canvas drawings; *pen*
figures are on the real pen-drawn digits of the evaluation writers, whom no model learned from,
drawn stroke by stroke on the canvas. Both go through `to_mnist` and the model exactly as in the
app. Latency runs from a 280x280 RGBA canvas array through `to_mnist` to `predict_proba`, one
image at a time, warm; other work on the machine slows it. How each benchmark is built:
[the benchmarks](studies/benchmarks.md)."""


def results_page(tables: str, *, command: str, when: str, machine: str) -> str:
    """A Markdown page of the bench's tables, headed by when, where and how they were measured."""
    return "\n".join([
        "# Measured figures of the shipped models",
        "",
        f"Measured on {when} on {machine}.",
        "Regenerate this page with:",
        "",
        "```bash",
        command,
        "```",
        "",
        _ABOUT,
        "",
        tables,
        "",
    ])


def this_machine() -> str:
    """The CPU model and count, the memory, the Python and the current load of this machine, in one line
    (other work running beside the bench slows its latency figures, not its accuracies)."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    cpu = models[0] if models else platform.processor() or platform.machine()
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = [int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")]
    memory = f"{kib[0] / 2**20:.1f} GiB memory" if kib else "memory unknown"
    cpus = len(models) or os.cpu_count()
    load = f", load average {os.getloadavg()[0]:.1f} at the start" if hasattr(os, "getloadavg") else ""
    return f"{cpu} ({cpus} CPUs), {memory}, {platform.system()}, Python {platform.python_version()}{load}"


def _command(argv: list[str], args: argparse.Namespace) -> str:
    """The command line that measures again what ``argv`` measured, data variables as placeholders."""
    data = []
    if (args.drawn or args.numbers) and not args.source and os.environ.get("MNIST_PATH"):
        data.append("MNIST_PATH=/path/to/mnist.npz")
    if not args.no_pen and not args.pen_source:
        data.append("PENDIGITS_PATH=/path/to/pendigits-orig.tra")
    return " ".join([*data, "python -m digit_model.bench", shlex.join(argv)]).strip()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = cli.parser("digit_model.bench", __doc__, "artifacts", "source", "pen-source")
    parser.add_argument("--repeats", type=int, default=200, help="timed predictions per model")
    parser.add_argument("--drawn", type=int, default=10_000, help="MNIST test digits to redraw (0: skip)")
    parser.add_argument("--no-pen", action="store_true", help="skip the pen-drawn benchmark of unseen writers")
    parser.add_argument("--numbers", type=int, default=100, help="whole numbers per source, layout and length (0: skip)")
    parser.add_argument("--write", type=Path, metavar="PATH", help="write a Markdown page here instead of printing")
    args = parser.parse_args(argv)
    if args.numbers < 0:
        parser.error(f"--numbers must be 0 (skip) or more; got {args.numbers} instead.")
    where = this_machine()  # before the run, whose own work would raise the load
    try:
        drawn = drawn_test_set(args.drawn, source=args.source) if args.drawn else None
        pen = None if args.no_pen else pen_test_set(args.pen_source)[:2]
        rows, per_digit, honesty = model_rows(artifacts=args.artifacts, repeats=args.repeats, drawn=drawn, pen=pen)
        text = tables_text(rows, per_digit, honesty, artifacts=args.artifacts) + non_digits_text(artifacts=args.artifacts)
        if args.numbers:
            text += "\n" + numbers_text(
                args.numbers, artifacts=args.artifacts, source=args.source, pen_source=args.pen_source, pen=not args.no_pen,
            )
    except ValueError as error:
        return cli.fail(error)
    if args.write is None:
        print(text)
        return 0
    when = datetime.date.today().isoformat()
    args.write.write_text(results_page(text, command=_command(argv, args), when=when, machine=where))
    print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
