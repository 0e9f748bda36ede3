"""`python -m tools.lab_timing`: the Lab's figures against its targets, on this machine.

- The default trainings through the job queue and its worker process, as the server runs them:
  KNN (k=3) on 10,000 digits of 0-9 and SGD on all 60,000 for "Is it a 5?" against their targets,
  then the random forest's and the SVC's defaults on 0-9, each with its 3-fold cross-validation;
  wall and CPU seconds, peak memory beside the estimate and the bound, and the worker's own memory.
- The book's figures: the SGD 5-detector's cross-validated accuracy (the book: about 95%), and a
  KNN grid search on 0-9 (exercise 1; the book: past 97% on all 60,000 digits), at a stated size.
- With ``--browser``, in Chromium against a fresh app server (:mod:`tools.lab_browser`): how often
  the progress shows, how fast a drawing is answered in another tab while a training runs, and
  three visitors starting trainings at once.

Needs MNIST (``MNIST_PATH``). Reports only what it measured, with the machine's load beside it.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from digit_model.inputs.mnist import load_mnist
from digit_model.lab.estimators import INPUTS
from digit_model.lab.jobs import DONE, MEMORY_BOUND, JobQueue
from digit_model.lab.memory import memory_needed
from digit_model.lab.runner import run
from digit_model.lab.settings import LabSettings
from digit_model.tasks import get_task

TARGETS = {  # seconds, each with its 3-fold cross-validation
    LabSettings(task="which_digit", estimator="knn"): 20.0,
    LabSettings(task="five_or_not", estimator="sgd"): 30.0,
}
_OTHERS = (
    LabSettings(task="which_digit", estimator="forest"), LabSettings(task="which_digit", estimator="svc"),
    LabSettings(task="five_or_not", estimator="sgd", features="raw"),  # the book's own pixels and figures
)
_WARM_UP = LabSettings(task="which_digit", n_train=500)
_MIB = 2**20
_OWNER = "timing"


def through_the_queue(queue: JobQueue, settings: LabSettings) -> dict:
    """One training as the server runs it: submitted, waited for, taken; its figures."""
    started = time.perf_counter()
    job = queue.submit(settings, owner=_OWNER)
    status = queue.wait(job, owner=_OWNER, timeout=3_600)
    wall = time.perf_counter() - started
    queue.take(job, owner=_OWNER)
    if status.state != DONE:
        raise SystemExit(f"{settings.label}: {status.state}: {status.message}")
    result, cv = status.result, status.result.report["cv"]
    return {
        "setting": f"{settings.label} ({get_task(settings.task).title})", "wall (s)": f"{wall:.1f}",
        "CPU (s)": f"{status.cpu_seconds:.1f}", "peak extra (MiB)": f"{result.peak_extra_bytes / _MIB:.0f}",
        "estimate (MiB)": f"{memory_needed(settings).bytes / _MIB:.0f}",
        "CV folds": ", ".join(f"{score:.4f}" for score in cv["scores"]), "CV mean ± std": f"{cv['mean']:.4f} ± {cv['std']:.4f}",
        "test accuracy": f"{result.report['accuracy']:.4f}", "digits": f"{result.report['n_train']:,}",
    }


def defaults() -> list[dict]:
    """The warm-up (the worker's start included), then each default against its target."""
    queue = JobQueue()
    try:
        rows = [through_the_queue(queue, _WARM_UP) | {"target (s)": "-"}]
        for settings, target in TARGETS.items():
            rows.append(through_the_queue(queue, settings) | {"target (s)": f"{target:.0f}"})
        rows += [through_the_queue(queue, settings) | {"target (s)": "-"} for settings in _OTHERS]
        print(f"The worker process itself (scikit-learn imported, between trainings): {_worker_rss() / _MIB:.0f} MiB resident\n")
        return rows
    finally:
        queue.shutdown()


def _worker_rss() -> int:
    """The resident memory of this process's Lab worker (Linux's /proc)."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields["PPid"]) == os.getpid() and b"digit_model.lab.worker" in command:
            return int(fields["VmRSS"].split()[0]) * 1024
    raise SystemExit("No Lab worker process found.")


def grid_search(digits: int, features: str) -> tuple[list[dict], dict]:
    """Exercise 1 on 0-9, in this process on both cores without the Lab's cap: the grid's table and the test."""
    settings = LabSettings(task="which_digit", estimator="knn", features=features, n_train=digits, grid_search=True)
    started = time.perf_counter()
    result = run(settings, load_mnist(), threads=2)
    rows = [
        {"weights": row["param_weights"], "n_neighbors": row["param_n_neighbors"],
         "CV mean ± std": f"{row['mean_test_score']:.4f} ± {row['std_test_score']:.4f}", "rank": row["rank_test_score"]}
        for row in result.cv_results
    ]
    return rows, {"setting": settings.label, "digits": f"{result.report['n_train']:,}",
                  "test accuracy": f"{result.report['accuracy']:.4f}", "wall (s)": f"{time.perf_counter() - started:.0f}"}


def table(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return "\n".join(lines + ["| " + " | ".join(str(row.get(column, "")) for column in columns) + " |" for row in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.lab_timing", description=__doc__.splitlines()[0])
    parser.add_argument("--grid-digits", type=int, default=10_000, help="training digits of the KNN grid search")
    parser.add_argument("--grid-features", default="pixels", choices=list(INPUTS))
    parser.add_argument("--no-grid", action="store_true", help="skip the grid search")
    parser.add_argument("--no-defaults", action="store_true", help="skip the default trainings")
    parser.add_argument("--browser", action="store_true", help="also measure in Chromium against an app server")
    args = parser.parse_args(argv)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average before: {', '.join(f'{load:.1f}' for load in os.getloadavg())}\n")
    if not args.no_defaults:
        print(f"Default trainings through the job queue (memory bound {MEMORY_BOUND / _MIB:.0f} MiB):\n")
        print(table(defaults()) + "\n")
    if not args.no_grid:
        rows, tested = grid_search(args.grid_digits, args.grid_features)
        print(f"KNN grid search on 0-9 (exercise 1), {tested['setting']}:\n\n{table(rows)}\n\n{table([tested])}\n")
    if args.browser:
        from tools.lab_browser import measure

        for title, rows in measure().items():
            print(f"{title}:\n\n{table(rows)}\n")
    print(f"Load average after: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
