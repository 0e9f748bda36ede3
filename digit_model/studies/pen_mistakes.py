"""`python -m digit_model.studies.pen_mistakes`: which pen digits of the unseen writers a model gets wrong, most confident first.

The benchmark counts the wrong answers that claim 90% or more; this names them, so that what the
README says of them can be checked by anyone. Beside each mistake stand the answers of the models
that learned from MNIST alone: they never saw a pen writer, so when all of them read a drawing as
the same wrong digit, that drawing has the shape of that digit, whatever its label says. With
``--save DIR`` each mistake is also written as the 28x28 image the model read, enlarged, as a PNG:
at run time only, as no slice of the pen data is ever committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

from digit_model.evaluation.calibration import CONFIDENT
from digit_model.evaluation.scoring import most_probable
from digit_model.evaluation.test_sets import pen_test_set
from digit_model.inputs.pendigits import load_pendigits
from digit_model.models.catalogue import MNIST
from digit_model.studies import cli
from digit_model.tasks import TASKS, get_task
from digit_model.training import registry

__all__ = ["pen_mistakes", "main"]

_ZOOM = 4  # a saved 28x28 image is drawn 112x112, black ink on white


def pen_mistakes(task_id: str, images: np.ndarray, digits: np.ndarray, writers: np.ndarray, *,
                 model: str | None = None, artifacts: Path = registry.ARTIFACTS) -> list[dict]:
    """The wrong answers of ``model`` (default: the task's) on pen drawings, most confident first.

    images : (n, 28, 28) uint8 drawings as ``to_mnist`` read them; digits : (n,) what was drawn;
    writers : (n,) who drew each. Each mistake is a dict: ``index`` (position in ``images``),
    ``writer``, ``drawn`` and ``answer`` (the task's classes), ``confidence``, ``runner_up``, and
    ``mnist_only``: the answer of every shipped model of the task that learned from MNIST alone.
    """
    task = get_task(task_id)
    names = registry.list_models(artifacts=artifacts).get(task_id)
    if not names:
        raise ValueError(f"No model of the task {task_id!r} in {artifacts}.")
    name = model or names[0]
    X, y, indices = task.select(images, digits)
    judged = registry.load_model(task_id, name, artifacts=artifacts)
    answers, proba = most_probable(judged, X)
    wrong = np.flatnonzero(answers != y)
    wrong = wrong[np.argsort(-proba[wrong].max(axis=1), kind="stable")]
    classes = np.asarray(judged.classes_)
    mnist_only = [other for other in names if registry.load_report(task_id, other, artifacts=artifacts)["trained_on"] == MNIST]
    others = {  # asked only when there are mistakes: a model cannot read an empty batch
        other: most_probable(registry.load_model(task_id, other, artifacts=artifacts), X[wrong])[0]
        for other in mnist_only
        if other != name and len(wrong)
    }
    return [
        {
            "index": int(indices[i]),
            "writer": int(np.asarray(writers)[indices[i]]),
            "drawn": y[i].item(),
            "answer": answers[i].item(),
            "confidence": float(proba[i].max()),
            "runner_up": classes[np.argsort(-proba[i], kind="stable")[1]].item(),
            "mnist_only": {other: read[row].item() for other, read in others.items()},
        }
        for row, i in enumerate(wrong)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.pen_mistakes", __doc__, "artifacts", "pen-source")
    parser.add_argument("--task", choices=list(TASKS), default="which_digit")
    parser.add_argument("--model", help="a shipped model of the task (default: the task's default)")
    parser.add_argument("--save", type=Path, metavar="DIR", help="also write each mistake's image here as a PNG")
    args = parser.parse_args(argv)
    try:
        images, digits, _ = pen_test_set(args.pen_source)
        writers = load_pendigits(args.pen_source, split="eval").writers
        mistakes = pen_mistakes(args.task, images, digits, writers, model=args.model, artifacts=args.artifacts)
    except ValueError as error:
        return cli.fail(error)
    name = args.model or registry.list_models(artifacts=args.artifacts)[args.task][0]
    confident = [m for m in mistakes if m["confidence"] >= CONFIDENT]
    shaped = [m for m in confident if m["mnist_only"] and set(m["mnist_only"].values()) == {m["answer"]}]
    print(f"{args.task}, {name}: {len(mistakes)} wrong answers on the unseen writers' pen digits, {len(confident)} "
          f"of them at {CONFIDENT:.0%} confidence or more; {len(shaped)} of those are read the same by every "
          "model that learned from MNIST alone.\n")
    if mistakes:
        print(cli.markdown([
            {"index": m["index"], "writer": m["writer"], "drawn": m["drawn"], "answer": m["answer"],
             "confidence": f"{m['confidence']:.4f}", "runner-up": m["runner_up"]}
            | {f"{other} (MNIST only)": answer for other, answer in m["mnist_only"].items()}
            for m in mistakes
        ]))
    if args.save and mistakes:
        args.save.mkdir(parents=True, exist_ok=True)
        for rank, m in enumerate(mistakes, 1):
            image = Image.fromarray(255 - images[m["index"]]).resize((28 * _ZOOM, 28 * _ZOOM), Image.NEAREST)
            image.save(args.save / f"{rank:02d}_index{m['index']}_drawn{m['drawn']}_answer{m['answer']}.png")
        print(f"\n{len(mistakes)} images written to {args.save}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
