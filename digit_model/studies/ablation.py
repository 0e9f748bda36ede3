"""`python -m digit_model.studies.ablation`: what each step of the strong 0-9 model buys, measured.

Starting from a support vector machine on raw pixels, each row adds one step of the shipped
models (deskewing, distorted training copies, edge-direction features) and reports the
accuracy on the MNIST test set and on the drawn-digit benchmark; the last row is a step that
was tried and not shipped. The rows leave out the probability calibration of the shipped
models, which does not change what wins.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from digit_model.evaluation.test_sets import drawn_test_set
from digit_model.inputs.mnist import load_mnist
from digit_model.models.augment import Augmented
from digit_model.models.catalogue import RANDOM_STATE
from digit_model.models.features import Deskew, Flatten, GradientDirections
from digit_model.studies import cli

__all__ = ["STEPS", "main"]


def _svc(features) -> Pipeline:
    return Pipeline([("features", features), ("svc", SVC(C=5.0, gamma="scale"))])


STEPS = [
    ("pixels, PCA 50, SVM", lambda: Pipeline([("pixels", Flatten()), ("svm", _svc(PCA(50, random_state=RANDOM_STATE)))])),
    ("+ deskewing", lambda: Pipeline([("deskew", Deskew()), ("svm", _svc(PCA(50, random_state=RANDOM_STATE)))])),
    ("+ 2 distorted copies of each digit", lambda: Pipeline([
        ("deskew", Deskew()),
        ("svm", Augmented(_svc(PCA(50, random_state=RANDOM_STATE)), copies=2, random_state=RANDOM_STATE)),
    ])),
    ("edge directions instead of pixels (deskewed, no copies)", lambda: Pipeline([
        ("deskew", Deskew()), ("svm", _svc(GradientDirections()))
    ])),
    ("+ 2 distorted copies of each digit", lambda: Pipeline([
        ("deskew", Deskew()), ("svm", Augmented(_svc(GradientDirections()), copies=2, random_state=RANDOM_STATE))
    ])),
    ("+ a thinner or thicker pen in 30% of the copies (not shipped)", lambda: Pipeline([
        ("deskew", Deskew()),
        ("svm", Augmented(_svc(GradientDirections()), copies=2, stroke_change=0.3, random_state=RANDOM_STATE)),
    ])),
]


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.ablation", __doc__, "source")
    parser.add_argument("--drawn", type=int, default=10_000, help="MNIST test digits to redraw")
    parser.add_argument("--limit", type=int, help="train on the first N images only (quick checks)")
    args = parser.parse_args(argv)
    try:
        X_train, y_train, X_test, y_test = load_mnist(args.source)
        drawn, drawn_digits = drawn_test_set(args.drawn, source=args.source)
    except ValueError as error:
        return cli.fail(error)
    X_train, y_train = X_train[: args.limit], y_train[: args.limit]
    rows = []
    for step, build in STEPS:
        print(f"fitting: {step}...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        model = build().fit(X_train, y_train)
        seconds = time.perf_counter() - started
        rows.append({
            "step (which_digit, 0-9)": step,
            "MNIST accuracy": f"{np.mean(model.predict(X_test) == y_test):.2%}",
            "drawn accuracy": f"{np.mean(model.predict(drawn) == drawn_digits):.2%}",
            "training (s)": f"{seconds:.0f}",
        })
    print(cli.markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
