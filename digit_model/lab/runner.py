"""Train one Lab setting the chapter's way, in stages one can watch and stop between.

The stages: each fold of a 3-fold cross-validation (``cross_val_score``'s folds; with a grid
search, each candidate's folds), the final fit on every training digit, and the test set. The
test set is scored by :func:`~digit_model.evaluation.scoring.evaluate` into the same report as the
shipped models', so every page reads a Lab model as it reads theirs.
"""

from __future__ import annotations

import io
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass

import joblib
import numpy as np
from sklearn.metrics import accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from digit_model.evaluation.scoring import evaluate
from digit_model.inputs.mnist import checksum
from digit_model.lab.calibrated import ScoresToProba, needs_scores, scores_of
from digit_model.lab.results import LabResult, cv_table
from digit_model.lab.settings import LabSettings
from digit_model.lab.shifts import Shifted
from digit_model.models.catalogue import MNIST
from digit_model.tasks import get_task

__all__ = ["FOLDS", "Progress", "Stopped", "run"]

FOLDS = 3  # as the book's cross_val_score(..., cv=3)
_COMPRESS = 3  # joblib's zlib level for the download: a fraction of a second for a KNN's stored digits


@dataclass(frozen=True)
class Progress:
    """Where a training is: the stage now running (or "done"), how many of ``total`` stages are
    done, the seconds since it started, and the expected seconds in all once a fold has been timed."""

    stage: str
    done: int
    total: int
    elapsed: float
    estimate: float | None


class Stopped(Exception):
    """The training was asked to stop, and stopped between two stages."""


def run(settings: LabSettings, mnist: tuple, *, progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None, threads: int = 1) -> LabResult:
    """Cross-validate, fit and test ``settings`` on ``mnist`` (``load_mnist``'s four arrays).

    ``progress`` hears of each stage as it starts and of the end; ``should_stop`` is asked before
    each stage, and a True raises :class:`Stopped`. ``threads`` is how many cores the estimator may use.
    """
    task = get_task(settings.task)
    X_train, y_train, X_test, y_test = mnist
    X, y, _ = task.select(X_train[: settings.n_train], y_train[: settings.n_train])
    Xt, yt, indices = task.select(X_test, y_test)
    folds = list(StratifiedKFold(n_splits=FOLDS).split(X, y))
    candidates = settings.candidates()
    names = [
        (f"candidate {c} of {len(candidates)}, " if len(candidates) > 1 else "") + f"fold {f} of {FOLDS}"
        for c in range(1, len(candidates) + 1) for f in range(1, FOLDS + 1)
    ]
    stages = _Stages([*names, "final fit", "test set"], progress, should_stop)
    growth = _Growth(settings, fold_digits=len(folds[0][0]), held_out=len(folds[0][1]), digits=len(y), tested=len(yt))
    folds_done = [[_fold(candidate, X, y, fold, stages, growth, threads) for fold in folds] for candidate in candidates]
    table = cv_table(candidates, folds_done)
    best = int(np.argmin([row["rank_test_score"] for row in table]))
    model, fit_seconds = _final_fit(candidates[best], X, y, folds, folds_done[best], stages, growth, threads)
    stages.begin()
    report = _report(model, candidates[best], (Xt, yt, indices), (X_test, y_test), table[best], fit_seconds, len(y))
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=_COMPRESS)
    report["file_bytes"] = buffer.getbuffer().nbytes
    size = _size_in_memory(model)
    stages.end()
    return LabResult(settings, report, buffer.getvalue(), size, table, best, stages.finish())


def _fold(candidate: LabSettings, X, y, fold, stages: _Stages, growth: _Growth, threads: int) -> dict:
    """One fold of one candidate: fit on the other folds, score the held-out digits (their scores kept
    when the probabilities will come from them)."""
    stages.begin()
    train, test = fold
    model = candidate.build(threads=threads)
    started = time.perf_counter()
    model.fit(X[train], y[train])
    fitted = time.perf_counter()
    if needs_scores(model):
        scores = scores_of(model, X[test])
        predicted = model.classes_[(scores[:, 0] > 0).astype(int) if scores.shape[1] == 1 else scores.argmax(axis=1)]
    else:
        scores, predicted = None, model.predict(X[test])
    done = {"accuracy": float(accuracy_score(y[test], predicted)), "scores": scores,
            "fit_seconds": fitted - started, "score_seconds": time.perf_counter() - fitted}
    growth.timed(done["fit_seconds"], done["score_seconds"])
    stages.end(growth.estimate(stages))
    return done


def _final_fit(best: LabSettings, X, y, folds, done: list[dict], stages: _Stages, growth: _Growth, threads: int):
    """The best candidate fitted on every training digit, as the model that answers: the pipeline
    itself (shifted copies only matter for fitting), its probabilities fitted on the out-of-fold
    scores when the classifier has none of its own."""
    stages.begin()
    started = time.perf_counter()
    model = best.build(threads=threads).fit(X, y)
    seconds = time.perf_counter() - started
    if isinstance(model, Shifted):
        model = model.estimator_
    if done[0]["scores"] is not None:
        out_of_fold = np.empty((len(y), done[0]["scores"].shape[1]))
        for (_, test), fold in zip(folds, done):
            out_of_fold[test] = fold["scores"]
        model = Pipeline([*model.steps[:-1], ("calibrated", ScoresToProba(model.steps[-1][1]).fit(out_of_fold, y))])
    growth.fitted(seconds)
    stages.end(growth.estimate(stages))
    return model, seconds


def _report(model, settings: LabSettings, test: tuple, full_test: tuple, row: dict, fit_seconds: float, n_train: int) -> dict:
    """``evaluate``'s report of the test set, with what the pages' tables read and the cross-validation."""
    Xt, yt, indices = test
    report = evaluate(model, Xt, yt, task=get_task(settings.task), indices=indices)
    splits = [row[f"split{fold}_test_score"] for fold in range(FOLDS)]
    report.update(
        model=settings.label, description=settings.description(), trained_on=MNIST, train_seconds=fit_seconds,
        n_train=n_train, n_train_pen=0, test_sha256=checksum(*full_test),
        cv={"folds": FOLDS, "scores": splits, "mean": row["mean_test_score"], "std": row["std_test_score"]},
    )
    return report


def _size_in_memory(model) -> int:
    """About the bytes the fitted model holds: the length of its pickle, counted without keeping it."""
    counter = _Counter()
    pickle.Pickler(counter, protocol=pickle.HIGHEST_PROTOCOL).dump(model)
    return counter.bytes


class _Counter:
    def __init__(self):
        self.bytes = 0

    def write(self, data) -> None:
        self.bytes += memoryview(data).nbytes


class _Stages:
    """The stages in order: each is reported as it begins, and a stop is honoured only between two."""

    def __init__(self, names: list[str], progress, should_stop):
        self.names, self.done, self.estimate = names, 0, None
        self._progress, self._should_stop = progress, should_stop
        self._started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self._started

    def begin(self) -> None:
        if self._should_stop is not None and self._should_stop():
            raise Stopped(f"Stopped before {self.names[self.done]}.")
        self._tell(self.names[self.done])

    def end(self, estimate: float | None = None) -> None:
        self.done += 1
        self.estimate = estimate if estimate is not None else self.estimate

    def finish(self) -> float:
        """Report the end; the seconds the whole training took."""
        self._tell("done")
        return self.elapsed()

    def _tell(self, stage: str) -> None:
        if self._progress is not None:
            self._progress(Progress(stage, self.done, len(self.names), self.elapsed(), self.estimate))


class _Growth:
    """The expected time of the stages to come, from those timed so far: the folds' fits and scoring
    grown to the final fit's and the test set's sizes, as fast as the estimator's work grows."""

    def __init__(self, settings: LabSettings, *, fold_digits: int, held_out: int, digits: int, tested: int):
        spec = settings.spec
        self._fit_scale = (digits / fold_digits) ** spec.fit_growth
        self._test_scale = tested / held_out * (digits / fold_digits) ** spec.predict_growth
        self._fits: list[float] = []
        self._scoring: list[float] = []
        self._final: float | None = None

    def timed(self, fit_seconds: float, score_seconds: float) -> None:
        self._fits.append(fit_seconds)
        self._scoring.append(score_seconds)

    def fitted(self, seconds: float) -> None:
        self._final = seconds

    def estimate(self, stages: _Stages) -> float:
        """Seconds in all: those passed, the folds left at the folds' mean, then the final fit and the test set."""
        fit, scoring = float(np.mean(self._fits)), float(np.mean(self._scoring))
        folds_left = len(stages.names) - 2 - min(stages.done, len(stages.names) - 2)
        final = 0.0 if self._final is not None else fit * self._fit_scale
        return stages.elapsed() + folds_left * (fit + scoring) + final + scoring * self._test_scale
