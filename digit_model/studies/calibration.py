"""`python -m digit_model.studies.calibration`: which calibration is most honest on writers a model never saw.

For each task, the recipe of the models that learn from pen digits is fitted twice, each time
on half of MNIST's training digits and half of the *training* writers, and scores the other
half: out-of-fold decision values for every training digit, each from a model that never saw
its writer. Each calibration method (sigmoid, isotonic, temperature, and for 0-9 the weakest
duel of :mod:`digit_model.models.duels`, from the same model's one-against-one values) is then fitted
on one half's scores and judged on the other's, both ways round, on each pen digit's drawing of
the strokes as written (the other drawings may be bent, :mod:`digit_model.inputs.warp`). The evaluation
writers are never touched: the benchmark measures the chosen method on them afterwards.
``--warp`` studies another strength of that bending, which is how the shipped one was chosen.
"sure from" is the confidence below which the Draw page says it is not sure, read off the
risk-coverage curve.
The log loss is shown beside the ECE because the ECE alone rewards a model that claims the same
confidence for every answer (its average accuracy); the log loss also asks that the confidence
tell right answers from wrong ones.
"""

from __future__ import annotations

import sys

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.metrics import log_loss
from sklearn.model_selection import cross_val_predict

from digit_model.evaluation.calibration import calibration_figures, sure_from
from digit_model.evaluation.refusal import confidently_wrong_per_1000
from digit_model.inputs.mnist import load_mnist
from digit_model.models.catalogue import MODELS, WEAKEST_DUEL, writer_folds
from digit_model.models.duels import WeakestDuel, ovr_scores
from digit_model.studies import cli
from digit_model.tasks import TASKS
from digit_model.training.sets import pen_drawings, pen_recipe, training_set

__all__ = ["METHODS", "methods", "SURE_COVERAGE", "main"]

METHODS = ("sigmoid", "isotonic", "temperature")
#: "sure from": the confidence that keeps this share of the training writers' answers; the least
#: confident 2% are the ones the Draw page calls "not sure".
SURE_COVERAGE = 0.98
_PEN_MODEL = next(name for name, spec in MODELS.items() if spec.pen_renders)  # the recipe studied


def methods(classes) -> tuple[str, ...]:
    """The calibration methods compared for a task: the weakest duel needs three classes or more."""
    return METHODS + ((WEAKEST_DUEL,) if len(classes) > 2 else ())


class _Scores(ClassifierMixin, BaseEstimator):
    # A "classifier" whose decision values are its input: lets CalibratedClassifierCV calibrate
    # decision values computed beforehand.

    def __init__(self, classes):
        self.classes = classes

    def fit(self, X, y=None):
        self.classes_ = np.asarray(self.classes)
        return self

    def decision_function(self, X):
        X = np.asarray(X)
        return X[:, 0] if X.shape[1] == 1 else X

    def predict(self, X):
        scores = self.decision_function(X)
        return self.classes_[(scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)]


def _cross_calibrated(scores: np.ndarray, y: np.ndarray, folds: np.ndarray, classes, method: str,
                      fitted_on: np.ndarray) -> np.ndarray:
    """Probabilities of every sample from a calibrator fitted on the other fold's scores (of the
    samples in ``fitted_on`` only).

    ``scores`` are one-against-one decision values for three classes or more, else one column.
    """
    proba = np.empty((len(y), len(classes)))
    columns = scores[:, None] if scores.ndim == 1 else scores
    if method != WEAKEST_DUEL and columns.shape[1] > 1:
        columns = ovr_scores(columns, len(classes))
    for fold in np.unique(folds):
        train, test = (folds != fold) & fitted_on, folds == fold
        if method == WEAKEST_DUEL:
            calibrator = WeakestDuel(_Scores(classes))
        else:
            calibrator = CalibratedClassifierCV(FrozenEstimator(_Scores(classes).fit(None)), method=method)
        proba[test] = calibrator.fit(columns[train], y[train]).predict_proba(columns[test])
    return proba


#: Which out-of-fold scores a calibrator is fitted on: every training image, or only the canvas drawings of
#: the training writers' pen digits, the kind of input the app reads.
_POOLS = {"all": lambda data: np.ones(len(data.y), bool), "canvas drawings": lambda data: data.is_pen}


def _figures(proba: np.ndarray, data, classes) -> dict:
    """A calibration's figures on the pen digits as written, and on MNIST's training digits."""
    right = np.asarray(classes)[proba.argmax(axis=1)] == data.y
    confidence = proba.max(axis=1)
    written, mnist = data.as_written, ~data.is_pen
    pen = calibration_figures(confidence[written], right[written])
    return {
        "pen accuracy": f"{right[written].mean():.2%}",
        "pen ECE": f"{pen['ece']:.4f}",
        "pen wrong at >= 90%": f"{pen['wrong_confident_share']:.0%}",
        "pen wrong at >= 90% per 1,000": f"{confidently_wrong_per_1000(confidence[written], right[written]):.1f}",
        "pen accuracy at 90% coverage": f"{pen['accuracy_at_coverage']['0.90']:.2%}",
        "pen log loss": f"{log_loss(data.y[written], proba[written], labels=classes):.4f}",
        "MNIST accuracy": f"{right[mnist].mean():.2%}",
        "MNIST ECE": f"{calibration_figures(confidence[mnist], right[mnist])['ece']:.4f}",
        "sure from": f"{sure_from(confidence[written], right[written], coverage=SURE_COVERAGE):.4f}",
    }


def study(task_id: str, X_train: np.ndarray, y_train: np.ndarray, pen, *, log=print) -> list[dict]:
    """One row per calibration method: its figures on the training writers' pen digits as written, and on MNIST.

    ``pen`` is :func:`digit_model.training.sets.pen_drawings` for the pen models' number of drawings.
    """
    task = TASKS[task_id]
    data = training_set(task, X_train, y_train, pen)
    model = MODELS[_PEN_MODEL].build(task_id).estimator  # the recipe without its calibration
    if len(task.classes) > 2:  # one-against-one values for the weakest duel, whatever the task ships with
        model.set_params(svc__estimator__svc__decision_function_shape="ovo")
    log(f"{task_id}: out-of-fold decision values of {len(data.y):,} training images...")
    folds = writer_folds(data.groups)
    scores = cross_val_predict(model, data.X, data.y, cv=folds, method="decision_function")
    folds = folds.test_fold
    rows = []
    for method in methods(task.classes):
        for pool, fitted_on in _POOLS.items():
            proba = _cross_calibrated(scores, data.y, folds, task.classes, method, fitted_on(data))
            rows.append({"task": task_id, "method": method, "fitted on": pool} | _figures(proba, data, task.classes))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.calibration", __doc__, "source", "pen-source")
    parser.add_argument("--tasks", nargs="+", choices=list(TASKS), default=list(TASKS))
    parser.add_argument("--warp", type=float, help="bend the pen drawings by this strength instead of the shipped models' own")
    args = parser.parse_args(argv)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    rows = []
    try:
        X_train, y_train, _, _ = load_mnist(args.source)
        drawings = {}
        for task_id in args.tasks:
            renders, warp = pen_recipe(task_id, _PEN_MODEL)
            warp = warp if args.warp is None else args.warp
            if warp not in drawings:
                drawings[warp] = pen_drawings(args.pen_source, renders=renders, warp=warp, log=log)
            rows += study(task_id, X_train, y_train, drawings[warp], log=log)
    except ValueError as error:
        return cli.fail(error)
    print(cli.markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
