"""`python -m digit_model.novelty.learn`: learn the not-a-digit discriminator for a shipped model, and ship its weights.

Positives are training digits only: MNIST's training digits outside the check's index and outside
the digits its threshold is set on, and half the pen training writers' digits drawn on the canvas;
the other half's set the lowest threshold the check may use (``floor``).
Negatives are generated (:mod:`digit_model.novelty.negatives`), never the study's benchmark. The
weights go to ``digit_model/novelty/weights/`` and their SHA-256 into
:data:`digit_model.novelty.discriminator.SHIPPED`. Seeded: the same command writes the same weights.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import sys
import time
from pathlib import Path

import numpy as np

from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import load_pendigits
from digit_model.novelty import discriminator as shipped
from digit_model.novelty.check import DigitNovelty
from digit_model.novelty.negatives import negative_drawings
from digit_model.tasks import TASKS
from digit_model.training import registry
from digit_model.training.sets import pen_drawings

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    # Its own parser, not the studies' (digit_model.studies.cli): a layer may only import those below it.
    parser = argparse.ArgumentParser(prog="python -m digit_model.novelty.learn", description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)")
    parser.add_argument("--pen-source", help="pendigits-orig.tra (default: $PENDIGITS_PATH)")
    parser.add_argument("--task", choices=list(TASKS), default="which_digit")
    parser.add_argument("--per-kind", type=int, default=5000, help="generated non-digits of each kind")
    parser.add_argument("--seed", type=int, default=0, help="the generated non-digits' and the networks' random numbers")
    args = parser.parse_args(argv)
    try:
        path, seconds = _learn(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {path.relative_to(Path(shipped.__file__).parents[1])} ({path.stat().st_size / 1024:.0f} kB) in {seconds:.0f} s.")
    return 0


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def _learn(args) -> tuple[Path, float]:
    started = time.perf_counter()
    name = registry.default_model(args.task)
    model = registry.load_model(args.task, name)
    model_sha256 = hashlib.sha256(registry.model_path(args.task, name).read_bytes()).hexdigest()
    X_train, y_train, _, _ = load_mnist(args.source)
    _log("Indexing MNIST's training digits as the check does...")
    base = DigitNovelty(model).fit(X_train, y_train)
    rest = np.setdiff1d(np.arange(len(X_train)), np.concatenate([base.index_.indices, base.held_out_]))
    pen = pen_drawings(args.pen_source, renders=1, log=_log)
    pen_features = base.features(pen.images)
    kept_out = np.isin(pen.writers, np.unique(pen.writers)[1::2])  # every other training writer sets the floor
    digits = np.vstack([base.features(X_train[rest]), pen_features[~kept_out]])
    _log(f"Drawing {args.per_kind:,} non-digits of each kind...")
    negatives, _ = negative_drawings(load_pendigits(args.pen_source, split="train"), args.per_kind, seed=args.seed)
    _log(f"Fitting on {len(digits):,} digits and {len(negatives):,} non-digits...")
    learned = shipped.fit_discriminator(digits, base.features(negatives), model_sha256=model_sha256, random_state=args.seed)
    floor = float(np.quantile(learned.log_odds(pen_features[kept_out]), 1 - base.refuse))
    learned = dataclasses.replace(learned, floor=floor)
    _log(f"Threshold floor {floor:.3f}: {base.refuse:.1%} of the kept-out writers' {kept_out.sum():,} pen digits score above it.")
    path = shipped.shipped_path(args.task, name)
    path.parent.mkdir(exist_ok=True)
    data = learned.to_bytes()
    path.write_bytes(data)
    _pin(args.task, name, hashlib.sha256(data).hexdigest())
    return path, time.perf_counter() - started


def _pin(task: str, name: str, digest: str) -> None:
    """Record the weights' SHA-256 in discriminator.py's SHIPPED line (and in the running module)."""
    pinned = dict(shipped.SHIPPED) | {(task, name): digest}
    source = Path(shipped.__file__)
    line = f"SHIPPED: dict[tuple[str, str], str] = {pinned!r}"
    source.write_text(re.sub(r"^SHIPPED: dict\[tuple\[str, str\], str\] = .*$", line, source.read_text(), flags=re.MULTILINE))
    shipped.SHIPPED = pinned


if __name__ == "__main__":
    sys.exit(main())
