"""`python -m digit_model.studies.non_digits`: the non-digits the not-a-digit check catches, and the real digits it refuses.

The non-digits are letters, shapes, symbols and scribbles drawn from stroke templates, two pen
digits side by side and crossed-out pen digits (:mod:`digit_model.novelty.drawings`), all drawn with
the canvas's brush and read by ``to_mnist`` as the app reads a visitor's drawing; one that
``to_mnist`` already refuses (a dash, a speck) counts as caught. The real digits are the unseen
writers' pen digits (only scored, as everywhere), MNIST's test digits, and the training writers'
pen digits as the models learned them. The check (:class:`digit_model.novelty.check.DigitNovelty`)
is fitted on MNIST's training digits only, its discriminator (when one is shipped for the model) on
training digits and generated non-digits (``python -m digit_model.novelty.learn``), never on these. "Sure and wrong" counts answers given at 90% confidence
or more that are wrong (for a non-digit, every answer is), per 1,000 drawings, with and without
refusing what the check flags; ms per drawing is the median time of the check on one drawing at a
time, warm.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from digit_model.evaluation.refusal import REFUSED_SHARES, confidently_wrong_per_1000, refusal_tradeoff
from digit_model.evaluation.scoring import most_probable
from digit_model.evaluation.test_sets import pen_test_set
from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import load_pendigits
from digit_model.novelty.check import INDEX_SIZE, DigitNovelty, novelty_check
from digit_model.novelty.drawings import KINDS, NonDigits, non_digit_drawings
from digit_model.studies import cli
from digit_model.tasks import TASKS, Task, get_task
from digit_model.training import registry
from digit_model.training.sets import pen_drawings

__all__ = ["main"]

_TIMED = 200  # drawings timed one at a time
_COMMAND = "python -m digit_model.studies.non_digits --ship"
_SHOWN_SHARES = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)  # the trade-off's rows printed (--json keeps them all)


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.non_digits", __doc__, "source", "pen-source")
    parser.add_argument("--task", choices=list(TASKS), default="which_digit")
    parser.add_argument("--size", type=int, default=INDEX_SIZE, help="MNIST training digits the check indexes")
    parser.add_argument("--per-template", type=int, default=40, help="drawings of each letter, shape, symbol and scribble")
    parser.add_argument("--seed", type=int, default=0, help="the non-digit drawings' random numbers")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the tables and the whole trade-off here")
    parser.add_argument("--ship", action="store_true",
                        help="write the trade-off beside the model, for the Metrics page's chart (shipped models: a new manifest pin)")
    args = parser.parse_args(argv)
    if min(args.per_template, args.size) < 1:
        parser.error(f"--per-template and --size must be at least 1; got {args.per_template} and {args.size} instead.")
    try:
        results = _measure(args)
    except ValueError as error:
        return cli.fail(error)
    timing = results["timing"]
    distance = f"the distance to their {results['k']} nearest of {results['index']:,} MNIST training digits (in the model's features)"
    rule = (f"drawings scoring more than {results['threshold']:.3f} in the not-a-digit log-odds of {results['networks']} networks "
            f"reading the model's features and {distance}" if results["networks"] else f"drawings farther than "
            f"{results['threshold']:.3f} by {distance}")
    print(f"{args.task}, {results['model']}: {rule} are no digit. Building the check took {results['build_seconds']:.1f} s; it "
          f"adds {timing['clock']:.1f} ms per drawing on the clock, {timing['processor']:.1f} ms of processor time "
          f"(load average {timing['load']:.1f} on {timing['cores']} cores).\n")
    for title, rows in (("Real digits", results["digits"]), ("Non-digits, by kind", results["kinds"]),
                        ("Non-digits, by template", results["templates"])):
        print(f"{title}:\n\n{cli.markdown(rows)}\n")
    shown = [(row, alone) for row, alone, share in zip(results["tradeoff"], results["distance_tradeoff"], REFUSED_SHARES)
             if share in _SHOWN_SHARES]
    print("Moving the threshold (the unseen writers' digits refused against the non-digits caught):\n")
    print(cli.markdown([{"threshold": f"{row['threshold']:.3f}", "unseen writers' digits refused": f"{row['digits_refused']:.1%}",
                         "non-digits caught": f"{row['non_digits_caught']:.1%}", "by the distance alone": f"{alone['non_digits_caught']:.1%}"}
                        for row, alone in shown]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nWritten to {args.json}.")
    if args.ship:
        shipped = {key: results[key] for key in ("model", "threshold", "k", "index", "networks", "point", "tradeoff", "digits", "kinds")}
        path = registry.ship_study(args.task, results["model"], "non_digits", shipped | {"command": _COMMAND})
        print(f"\nThe trade-off is shipped in {path.relative_to(registry.ARTIFACTS.parent)}.")
    return 0


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def _measure(args) -> dict:
    """Every figure of the study, as the tables print them."""
    task = get_task(args.task)
    _log("Drawing the real digits and the non-digits...")
    pen_images, pen_digits, _ = pen_test_set(args.pen_source)
    _, _, X_test, y_test = load_mnist(args.source)
    training_writers = pen_drawings(args.pen_source, renders=1, log=_log)
    drawn = non_digit_drawings(load_pendigits(args.pen_source, split="eval"), per_template=args.per_template, seed=args.seed)
    _log("Fitting the check on MNIST's training digits...")
    started = time.perf_counter()
    check = novelty_check(args.task, source=args.source, size=args.size)
    build_seconds = time.perf_counter() - started
    _log("Scoring...")
    pen_scores = check.score(pen_images)
    non_digit_scores = np.where(drawn.read, check.score(drawn.images), np.inf)
    digits = [
        _digit_row("unseen writers' pen digits (evaluation)", check, pen_scores, task, pen_images, pen_digits),
        _digit_row("MNIST test digits", check, check.score(X_test), task, X_test, y_test),
        _digit_row("training writers' pen digits (trained on)", check, check.score(training_writers.images), task,
                   training_writers.images, training_writers.digits),
    ]
    kinds, templates = _non_digit_rows(check, drawn, non_digit_scores)
    distance_tradeoff = refusal_tradeoff(check.distance(pen_images), np.where(drawn.read, check.distance(drawn.images), np.inf))
    return {
        "task": args.task, "model": registry.default_model(args.task), "k": check.k, "index": len(check.index_.indices),
        "networks": len(check.discriminator.layers) if check.discriminator else 0, "distance_tradeoff": distance_tradeoff,
        "threshold": check.threshold_, "build_seconds": build_seconds, "timing": _ms_per_drawing(check, pen_images),
        "digits": digits, "kinds": kinds, "templates": templates, "tradeoff": refusal_tradeoff(pen_scores, non_digit_scores),
        "point": {"digits_refused": float(np.mean(pen_scores > check.threshold_)),
                  "non_digits_caught": float(np.mean(non_digit_scores > check.threshold_))},
    }


def _non_digit_rows(check: DigitNovelty, drawn: NonDigits, scores: np.ndarray) -> tuple[list[dict], list[dict]]:
    """By kind (and all together) and by template: the share caught, and how often the model answers them at 90% or more."""
    confidence = np.where(drawn.read, most_probable(check.model, drawn.images)[1].max(axis=1), 0.0)
    caught = scores > check.threshold_
    groups = [("kind", kind, drawn.kinds == kind) for kind in KINDS] + [("kind", "all", np.ones(len(drawn), bool))]
    groups += [("template", template, drawn.names == template) for template in dict.fromkeys(drawn.names)]
    rows = {"kind": [], "template": []}
    for column, label, members in groups:
        wrong = np.zeros(members.sum(), bool)  # a non-digit has no right answer
        rows[column].append({
            column: label, "drawings": int(members.sum()),
            "refused by to_mnist": f"{np.mean(~drawn.read[members]):.1%}",
            "caught": f"{np.mean(caught[members]):.1%}",
            "answered at >= 90% per 1,000, without the check": f"{confidently_wrong_per_1000(confidence[members], wrong):.0f}",
            "with it": f"{confidently_wrong_per_1000(confidence[members], wrong, answered=~caught[members]):.0f}",
        })
    return rows["kind"], rows["template"]


def _digit_row(label: str, check: DigitNovelty, scores: np.ndarray, task: Task, images: np.ndarray, digits: np.ndarray) -> dict:
    """One set of real digits: the share the check refuses, and the sure wrong answers it spares."""
    X, y, kept = task.select(images, digits)
    answers, proba = most_probable(check.model, X)
    answered = scores[kept] <= check.threshold_
    confidence, correct = proba.max(axis=1), answers == y
    return {
        "real digits": label, "drawings": len(kept), "refused": f"{np.mean(~answered):.2%}",
        "sure and wrong per 1,000, without the check": f"{confidently_wrong_per_1000(confidence, correct):.1f}",
        "with it": f"{confidently_wrong_per_1000(confidence, correct, answered=answered):.1f}",
    }


def _ms_per_drawing(check: DigitNovelty, images: np.ndarray) -> dict:
    """The check's median time on one drawing at a time, warm, in milliseconds: on the clock, and of the
    processor's time (what it would take on an idle machine), with the machine's load while measured."""
    check.looks_like_a_digit(images[:1])
    clock, processor = [], []
    for image in images[:_TIMED]:
        started, used = time.perf_counter(), time.process_time()
        check.looks_like_a_digit(image[None])
        clock.append(time.perf_counter() - started)
        processor.append(time.process_time() - used)
    return {"clock": 1000 * statistics.median(clock), "processor": 1000 * statistics.median(processor),
            "load": os.getloadavg()[0], "cores": os.cpu_count()}


if __name__ == "__main__":
    sys.exit(main())
