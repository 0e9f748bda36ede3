"""`python -m digit_model.studies.writer_folds`: the 0-9 pen model's recipe judged on all thirty pen writers, each writer by a model that never saw them.

The shipped 0-9 default learns from 20 of the 30 pen writers and is judged on the other ten. Issue
#24 asks whether the recipe should learn from all thirty instead, quoted with an estimate grouped by
writer. This study makes that estimate: the writers fall into three groups of ten (their number
modulo 3; group 0 is the evaluation writers, so its fold is the shipped model's own recipe and
data), and for each group the recipe (``gradient_svm_pen``, as ``python -m digit_model.training``
fits it) learns from MNIST's training digits and the other twenty writers' pen digits, then reads
the group's pen digits drawn as the benchmark draws them. Pooled, every writer is read once by a
model that never saw them. ``--refit`` also fits the recipe on all thirty writers and scores it on
MNIST test. Nothing is chosen from these figures.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from joblib import Parallel, delayed

from digit_model.evaluation.calibration import CONFIDENT
from digit_model.evaluation.refusal import confidently_wrong_per_1000
from digit_model.evaluation.test_sets import drawn_once
from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import PenDigits, load_pendigits
from digit_model.studies import cli
from digit_model.tasks import TASKS
from digit_model.training.sets import fit_model, pen_drawings, pen_recipe, training_set

__all__ = ["GROUPS", "writer_groups", "fold_writers", "study", "main"]

GROUPS = 3
_TASK, _MODEL = "which_digit", "gradient_svm_pen"


def writer_groups(writers) -> dict[int, tuple[int, ...]]:
    """``{group: writers}``: every writer in the group of its number modulo ``GROUPS``."""
    writers = sorted(set(int(writer) for writer in writers))
    return {group: tuple(w for w in writers if w % GROUPS == group) for group in range(GROUPS)}


def fold_writers(group: int, writers) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``(learned from, read)``: the writers of every other group, and the group's own."""
    groups = writer_groups(writers)
    return tuple(sorted(w for other, members in groups.items() if other != group for w in members)), groups[group]


def _fit(mnist: tuple, pen_source, writers: tuple[int, ...], log):
    """The recipe fitted on MNIST's training digits and ``writers``' pen digits, drawn as training draws them."""
    renders, warp = pen_recipe(_TASK, _MODEL)
    pen = pen_drawings(pen_source, renders=renders, warp=warp, writers=writers, split=None, log=log)
    started = time.perf_counter()
    model = fit_model(_TASK, _MODEL, training_set(TASKS[_TASK], *mnist, pen))
    log(f"Fitted on MNIST and writers {', '.join(map(str, writers))} in {time.perf_counter() - started:.0f} s.")
    return model


def _read(model, pen: PenDigits) -> tuple[np.ndarray, np.ndarray]:
    """``(right, confidence)`` for each of ``pen``'s digits, drawn once on the canvas as the benchmark draws them."""
    images, digits = drawn_once(pen)
    proba = model.predict_proba(images)
    return model.classes_[proba.argmax(axis=1)] == digits, proba.max(axis=1)


def _fold(group: int, mnist: tuple, pen: PenDigits, pen_source, log) -> dict:
    """One group's writers read by the recipe fitted on every other writer."""
    learned_from, held_out = fold_writers(group, pen.writers)
    model = _fit(mnist, pen_source, learned_from, log)
    right, confidence = _read(model, pen.by_writers(held_out))
    return {"group": group, "writers": held_out, "right": right, "confidence": confidence}


def _row(name: str, writers, right: np.ndarray, confidence: np.ndarray) -> dict:
    return {
        "writers read": name,
        "pen digits": f"{len(right):,}",
        "accuracy": f"{right.mean():.2%}",
        "wrong": int((~right).sum()),
        f"wrong at >= {CONFIDENT:.0%}": int((~right & (confidence >= CONFIDENT)).sum()),
        f"wrong at >= {CONFIDENT:.0%} per 1,000": f"{confidently_wrong_per_1000(confidence, right):.1f}",
        "writers": ", ".join(map(str, writers)),
    }


def _mnist_accuracy(mnist: tuple, test: tuple, pen_source, writers: tuple[int, ...], log) -> float:
    """The MNIST test accuracy of the recipe fitted on MNIST and every writer's pen digits."""
    model = _fit(mnist, pen_source, writers, log)
    return float(np.mean(model.predict(test[0]) == test[1]))


def study(mnist: tuple, pen: PenDigits, pen_source, *, test: tuple | None = None, jobs: int = 1,
          log=print) -> tuple[list[dict], float | None]:
    """One row per group of writers, each read by the recipe fitted on the others, and the pooled row; with
    MNIST's ``test`` digits, also the MNIST test accuracy of the recipe fitted on every writer (else None)."""
    everyone = tuple(np.unique(pen.writers).tolist())
    work = [delayed(_fold)(group, mnist, pen, pen_source, log) for group in range(GROUPS)]
    if test is not None:
        work.append(delayed(_mnist_accuracy)(mnist, test, pen_source, everyone, log))
    done = Parallel(n_jobs=jobs)(work)
    folds, refit = done[:GROUPS], (done[GROUPS] if test is not None else None)
    rows = [_row(f"group {fold['group']}", fold["writers"], fold["right"], fold["confidence"]) for fold in folds]
    pooled = [np.concatenate([fold[key] for fold in folds]) for key in ("right", "confidence")]
    return rows + [_row("all, pooled", everyone, *pooled)], refit


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.writer_folds", __doc__, "source", "pen-source")
    parser.add_argument("--jobs", type=int, default=1, help="folds fitted at once (each fit takes one core)")
    parser.add_argument("--refit", action="store_true", help="also fit on all thirty writers and score on MNIST test")
    args = parser.parse_args(argv)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    try:
        X_train, y_train, X_test, y_test = load_mnist(args.source)
        pen = load_pendigits(args.pen_source)
        test = (X_test, y_test) if args.refit else None
        rows, refit = study((X_train, y_train), pen, args.pen_source, test=test, jobs=args.jobs, log=log)
    except ValueError as error:
        return cli.fail(error)
    print(f"{_TASK}'s {_MODEL} recipe, each group of pen writers read by a model fitted on MNIST and the other groups:\n")
    print(cli.markdown(rows))
    if refit is not None:
        print(f"\nFitted on MNIST and all {len(np.unique(pen.writers))} writers: {refit:.2%} on MNIST test ({len(y_test):,} digits).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
