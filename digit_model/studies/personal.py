"""Does teaching it your handwriting help? Simulated visitors: the pen writers, each teaching k drawings per digit.

Each writer's pen digits are drawn on the app's canvas (:func:`digit_model.inputs.canvas.pen_images`, a
fixed seed); k drawings of each digit are labelled (a seeded choice) and the writer's OTHER digits
are read by the shipped model, without and with :class:`digit_model.personal.model.PersonalModel` built
from those k per digit. By default the visitors are the evaluation writers, who are only ever
scored. ``--tune`` instead runs the same simulation on TRAINING writers over a grid of blend
settings: that table is where the settings of :data:`digit_model.personal.model.BLENDS` come from.
The settings must be tuned on writers the model never learned from, as a visitor is one, so a
model that learned from the training writers is tuned as a copy fitted without half of them
(:func:`tuning_model`).
"""

from __future__ import annotations

import itertools
import sys
import time

import numpy as np

from digit_model.inputs.canvas import pen_images
from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import TRAIN_WRITERS, load_pendigits
from digit_model.personal.model import PersonalModel, blend_for, leave_one_out
from digit_model.personal.my_digits import MAX_DRAWINGS
from digit_model.studies import cli
from digit_model.tasks import Task, get_task
from digit_model.training import registry
from digit_model.training.sets import fit_model, pen_drawings, pen_recipe, training_set

__all__ = ["main", "simulate", "tuning_model", "PERSONAL_SEED"]

PERSONAL_SEED = 9  # the canvas renderings and the choice of taught drawings
_TIMED = 10  # single-drawing answers timed per writer and k
# The blend settings --tune compares: neighbours that vote, the shipped prior's worth, kernel width.
_GRID = {"k": (1, 3, 5, 10), "prior": (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0), "bandwidth": (0.1, 0.15, 0.25, 0.5, 1.0)}


def simulate(model, task: Task, pen, *, ks: tuple[int, ...], settings: list[dict], seed: int = PERSONAL_SEED) -> list[dict]:
    """Per writer, k and blend setting, the accuracy on the writer's untaught digits without and with personalising.

    pen : :class:`~digit_model.inputs.pendigits.PenDigits` of the simulated writers
    settings : blend settings (dicts of ``k``, ``prior``, ``bandwidth``)

    Returns
    -------
    list of dict
        ``writer``, ``taught`` (k per digit), ``setting`` (index into settings), ``n`` (digits read),
        ``without``, ``with`` (accuracies), ``build`` (seconds to build from the taught drawings,
        measured for the first setting) and ``answer`` (median seconds per single-drawing answer, idem).
    """
    rows = []
    for writer in np.unique(pen.writers):
        images, digits = pen_images(pen.by_writers((int(writer),)), seed=seed)
        used = np.flatnonzero(np.isin(digits, task.digits))
        shipped = np.asarray(model.predict_proba(images[used]), dtype=float) if len(used) else np.zeros((0, len(task.classes)))
        truth = _positions(task, task.target(digits[used]))
        for taught_k in ks:
            rng = np.random.default_rng([seed, int(writer), taught_k])
            taught = np.concatenate([
                rng.choice(members, size=min(taught_k, len(members) - 1), replace=False)
                for digit in range(10) if len(members := np.flatnonzero(digits == digit)) > 1
            ]).astype(int)
            test = ~np.isin(used, taught)
            if not test.any():
                continue
            start = time.perf_counter()
            personal = PersonalModel(model, task, images[taught], digits[taught], **settings[0])
            build = time.perf_counter() - start
            answer = _answer_time(personal, images[used[test][:_TIMED]])
            features = personal.features(images[used[test]])
            for index, setting in enumerate(settings):
                personal.k, personal.prior, personal.bandwidth = setting["k"], setting["prior"], setting["bandwidth"]
                blended = personal.blend(shipped[test], features)
                rows.append({
                    "writer": int(writer), "taught": taught_k, "setting": index, "n": int(test.sum()),
                    "without": float(np.mean(_decide(task, shipped[test]) == truth[test])),
                    "with": float(np.mean(_decide(task, blended) == truth[test])),
                    "build": build, "answer": answer,
                })
    return rows


def tuning_model(task: Task, name: str, *, source: str | None = None, pen_source: str | None = None,
                 log=print) -> tuple[object, tuple[int, ...], tuple[int, ...]]:
    """``(model, learned, unseen)``: the model to tune the blend with, the training writers whose pen
    digits it learned from, and the training writers to tune on, whom it never saw.

    A shipped model of MNIST alone comes as it is: it learned no pen writer, and every training
    writer is unseen. A model that learns from pen digits has learned every training writer's hand,
    against which a visitor's drawings would seem to add nothing: its recipe is fitted again on
    MNIST (from ``source``) and the pen digits of every other training writer, and the other half
    are the writers to tune on.
    """
    shipped = registry.load_model(task.id, name)  # which also refuses a name that is not shipped
    renders, warp = pen_recipe(task.id, name)
    if not renders:
        return shipped, (), TRAIN_WRITERS
    learned, unseen = TRAIN_WRITERS[0::2], TRAIN_WRITERS[1::2]
    X_train, y_train, _, _ = load_mnist(source)
    drawings = pen_drawings(pen_source, renders=renders, warp=warp, writers=learned, log=log)
    log(f"Fitting {task.id}/{name} on MNIST and the pen digits of the training writers {', '.join(map(str, learned))}...")
    return fit_model(task.id, name, training_set(task, X_train, y_train, drawings)), learned, unseen


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.personal", __doc__, "pen-source")
    parser.add_argument("--k", type=int, nargs="+", default=[1, 3, 5], help="drawings taught per digit")
    parser.add_argument("--task", default="which_digit", help="task id whose default shipped model is adapted")
    parser.add_argument("--model", help="shipped model name (default: the task's default model)")
    parser.add_argument("--seed", type=int, default=PERSONAL_SEED)
    parser.add_argument("--tune", action="store_true",
                        help="compare blend settings on TRAINING writers instead (how personal.BLENDS was chosen)")
    parser.add_argument("--source", help="with --tune, MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)")
    args = parser.parse_args(argv)
    try:
        task = get_task(args.task)
        if any(k < 1 for k in args.k):
            raise ValueError(f"Each --k must be at least 1; got {args.k} instead.")
        name = args.model or registry.default_model(task.id)
        if args.tune:
            model, _, writers = tuning_model(task, name, source=args.source, pen_source=args.pen_source)
            pen = load_pendigits(args.pen_source, split="train").by_writers(writers)
        else:
            model = registry.load_model(task.id, name)
            pen = load_pendigits(args.pen_source, split="eval")
    except ValueError as error:
        return cli.fail(error)
    if args.tune:
        return _print_tuning(model, task, name, pen, writers, ks=tuple(args.k), seed=args.seed)
    return _print_personal(model, task, name, pen, ks=tuple(args.k), seed=args.seed)


def _print_tuning(model, task: Task, name: str, pen, writers, *, ks: tuple[int, ...], seed: int) -> int:
    """Every blend setting of the grid on training writers the model never saw, best mean accuracy first."""
    settings = [dict(zip(_GRID, values)) for values in itertools.product(*_GRID.values())]
    rows = simulate(model, task, pen, ks=ks, seed=seed, settings=settings)
    print(f"Blend settings for {task.id}/{name} on the pen TRAINING writers {', '.join(map(str, writers))}, "
          "whom it never learned from:")
    print("mean accuracy on each writer's untaught digits, by drawings taught per digit (best mean first).\n")
    table = []
    for index, setting in enumerate(settings):
        mine = [row for row in rows if row["setting"] == index]
        by_k = {k: np.mean([row["with"] for row in mine if row["taught"] == k]) for k in ks}
        table.append(setting | {f"k={k} taught": f"{value:.4f}" for k, value in by_k.items()}
                     | {"mean": f"{np.mean(list(by_k.values())):.4f}"})
    without = {k: np.mean([row["without"] for row in rows if row["setting"] == 0 and row["taught"] == k]) for k in ks}
    table.sort(key=lambda row: -float(row["mean"]))
    print(cli.markdown(table[:12]))
    print(f"\nWithout personalising: {', '.join(f'k={k}: {value:.4f}' for k, value in without.items())}.")
    return 0


def _print_personal(model, task: Task, name: str, pen, *, ks: tuple[int, ...], seed: int) -> int:
    """The shipped blend on the evaluation writers, each teaching k drawings per digit, and what it costs."""
    blend = blend_for(registry.load_report(task.id, name))
    rows = simulate(model, task, pen, ks=ks, seed=seed, settings=[blend])
    print(f"Personalised {task.id}/{name} (k={blend['k']} neighbours, prior {blend['prior']}, bandwidth "
          f"{blend['bandwidth']}), simulated visitors:")
    print(f"the pen evaluation writers {', '.join(map(str, np.unique(pen.writers)))}, each teaching k drawings of each digit")
    print(f"(canvas seed {seed}) and then reading their other digits.\n")
    table = [_taught_row(k, [row for row in rows if row["taught"] == k]) for k in ks]
    table = [row for row in table if row]
    if not table:
        return cli.fail("no writer has digits left to read after teaching")
    print(cli.markdown(table))
    print("\nAs a visitor's drawings add up (to the most a visitor can keep): building the personal model after a new")
    print("label, one answer with it, and the My digits page's leave-one-out reading of all of them.\n")
    print(cli.markdown(_costs(model, task, pen, seed=seed, blend=blend)))
    return 0


# One row of the evaluation table: the writers who taught k drawings per digit, without and with them.
def _taught_row(k: int, mine: list[dict]) -> dict | None:
    if not mine:
        return None
    without, with_ = np.array([row["without"] for row in mine]), np.array([row["with"] for row in mine])
    return {
        "k per digit": k,
        "writers": len(mine),
        "digits read": sum(row["n"] for row in mine),
        "accuracy without": f"{without.mean():.4f}",
        "accuracy with": f"{with_.mean():.4f}",
        "worst writer without": f"{without.min():.4f}",
        "worst writer with": f"{with_.min():.4f}",
        "build (ms, mean)": f"{1000 * np.mean([row['build'] for row in mine]):.1f}",
        "answer (ms, median)": f"{1000 * np.median([row['answer'] for row in mine]):.1f}",
    }


def _costs(model, task: Task, pen, *, seed: int, blend: dict) -> list[dict]:
    """Seconds to build, answer and read leave-one-out with 100 drawings and with the most a visitor keeps."""
    images, digits = pen_images(pen.subset(np.arange(min(MAX_DRAWINGS, len(pen)))), seed=seed)
    rows = []
    for n in sorted({min(100, len(images)), len(images)}):
        start = time.perf_counter()
        personal = PersonalModel(model, task, images[:n], digits[:n], **blend)
        built = time.perf_counter() - start
        start = time.perf_counter()
        leave_one_out(model, task, images[:n], digits[:n], **blend)
        rows.append({
            "drawings": n,
            "build (ms)": f"{1000 * built:.1f}",
            "answer (ms, median)": f"{1000 * _answer_time(personal, images[:_TIMED]):.1f}",
            "leave-one-out (s)": f"{time.perf_counter() - start:.2f}",
        })
    return rows


# Median seconds one single-drawing answer takes, over ``images`` (at least one).
def _answer_time(personal: PersonalModel, images: np.ndarray) -> float:
    times = []
    for image in images:
        start = time.perf_counter()
        personal.predict_proba(image[None])
        times.append(time.perf_counter() - start)
    return float(np.median(times)) if times else float("nan")


# The position in task.classes of each class in ``targets``.
def _positions(task: Task, targets: np.ndarray) -> np.ndarray:
    return np.argmax(np.asarray(targets)[:, None] == np.asarray(task.classes)[None, :], axis=1)


# The position of the task's answer for each row of probabilities, as Task.decide gives it.
def _decide(task: Task, proba: np.ndarray) -> np.ndarray:
    return (proba[:, 1] >= 0.5).astype(int) if task.is_binary else np.argmax(proba, axis=1)


if __name__ == "__main__":
    sys.exit(main())
