"""`python -m digit_model.studies.numbers`: how well whole numbers are read, from the canvas's strokes and from the image alone.

Numbers of 2 to 6 digits are built from the pen digits of one evaluation writer each (never
trained or tuned on), drawn side by side on a wide canvas by the app's brush, once with natural
gaps and once touching or slightly overlapping; and from MNIST test digits the same way, as
pictures only (`digit_model.numbers.synthetic`). Each is read by `read_number` with its strokes
and from the image alone (`digit_model.numbers.benchmark`). `--split train` builds them from the
training writers instead: that is what the split's levels were tuned on.
"""

from __future__ import annotations

import sys

from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import EVAL_WRITERS, TRAIN_WRITERS, load_pendigits
from digit_model.numbers.benchmark import LENGTHS, NUMBER_SEED, number_rows
from digit_model.numbers.reading import MAX_DIGITS
from digit_model.studies import cli
from digit_model.tasks import TASKS, get_task
from digit_model.training import registry

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.numbers", __doc__, "source", "pen-source", "artifacts")
    parser.add_argument("--task", default="which_digit", choices=list(TASKS), help="whose default model reads the digits")
    parser.add_argument("--count", type=int, default=100, help="numbers per source, layout and length")
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS), help="digits per number")
    parser.add_argument("--split", choices=("eval", "train"), default="eval", help="the pen writers to build from")
    parser.add_argument("--seed", type=int, default=NUMBER_SEED, help="the numbers' randomness")
    parser.add_argument("--no-mnist", action="store_true", help="skip the numbers made of MNIST test digits")
    args = parser.parse_args(argv)
    if args.count < 1 or args.seed < 0 or not all(2 <= length <= MAX_DIGITS for length in args.lengths):
        parser.error(
            f"--count must be at least 1, --seed at least 0 and every length from 2 to {MAX_DIGITS}; "
            f"got {args.count}, {args.seed} and {args.lengths} instead."
        )
    try:
        task = get_task(args.task)
        model = registry.load_model(task.id, artifacts=args.artifacts)
        pen = load_pendigits(args.pen_source, split=args.split)
        mnist = None if args.no_mnist else load_mnist(args.source)[2:]
        rows = number_rows(model, task=task, pen=pen, mnist=mnist, lengths=tuple(args.lengths), count=args.count, seed=args.seed)
    except ValueError as error:
        return cli.fail(error)
    writers = EVAL_WRITERS if args.split == "eval" else TRAIN_WRITERS
    print(
        f"Whole numbers read by {task.id}'s {registry.default_model(task.id, artifacts=args.artifacts)} (seed {args.seed}): "
        f"pen numbers each by one of the {args.split} writers {', '.join(map(str, writers))}"
        f"{'' if args.no_mnist else ', and numbers of MNIST test digits'}. A reading that fails counts as wrong; "
        "digits right are in order (longest common subsequence); milliseconds per digit, the model's share in brackets.\n"
    )
    print(cli.markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
