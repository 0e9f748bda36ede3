"""The one owner of the Lab's session state: its widgets' keys and defaults, this visitor's training
and the models it made.

The job queue is one object for the whole server process, shared by every session on purpose, so
that trainings take turns (:mod:`digit_model.lab.jobs`). A job belongs to its visitor alone: the
queue answers only its owner, a random id kept in this session. When the session ends (the tab is
closed or the connection lost), Streamlit releases the session's resources, and releasing this
visitor's marker cancels their training and drops a result not yet collected; their models live in
session state and go with it. Those models are this session's only: a model's name carries its job
number, unique in the server process, so the caches keyed by name never mix two visitors' models.
"""

from __future__ import annotations

import io
import os
import uuid
from dataclasses import dataclass, field

import joblib
import streamlit as st

from digit_model.inputs.mnist import ENV_VAR
from digit_model.lab.estimators import ESTIMATORS
from digit_model.lab.jobs import DONE, JobQueue, JobStatus
from digit_model.lab.results import LabResult
from digit_model.lab.settings import LabSettings

__all__ = [
    "ESTIMATOR", "INPUT", "SHIFTED", "GRID", "TRAIN", "CANCEL", "SHOWN", "KEPT_BYTES", "OwnModel",
    "start", "size_key", "param_key", "settings", "train", "cancel", "job", "collect", "notice",
    "own_names", "own", "runs", "job_queue",
]

ESTIMATOR = "lab_estimator"
INPUT = "lab_input"
SHIFTED = "lab_shifted"
GRID = "lab_grid"
TRAIN = "lab_train"
CANCEL = "lab_cancel"
SHOWN = "lab_shown"  # which of the visitor's models the results show
_VISITOR = "lab_visitor"
# The visitor's models held at once, by their size in memory: two KNNs of 30,000 digits (90 MiB each)
# fit; past it the oldest models go (their runs stay on the learning curve).
KEPT_BYTES = 250 * 2**20

_DEFAULTS = {ESTIMATOR: "knn", INPUT: "pixels", SHIFTED: False, GRID: False}


@dataclass(frozen=True)
class OwnModel:
    """A model the visitor trained: its name in the sidebar, the training's result, the fitted estimator."""

    name: str
    result: LabResult
    model: object

    @property
    def task(self) -> str:
        return self.result.settings.task


@dataclass
class _Visitor:
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)
    job: int | None = None
    models: dict[str, OwnModel] = field(default_factory=dict)  # oldest first
    runs: list[dict] = field(default_factory=list)
    notice: str | None = None


@st.cache_resource(show_spinner=False, on_release=JobQueue.shutdown)
def job_queue() -> JobQueue:
    """The server process's one queue of trainings, shared by every session."""
    return JobQueue()


@st.cache_resource(scope="session", show_spinner=False, on_release=lambda held: held[0].release(held[1]))
def _marker(owner: str) -> tuple[JobQueue, str]:
    # Released by Streamlit when the session ends: then the owner's jobs are cancelled.
    return job_queue(), owner


def start() -> None:
    """Prepare this run's Lab state, and take in a training that finished since the last run."""
    for key, default in _DEFAULTS.items():
        st.session_state.setdefault(key, default)
    for name, spec in ESTIMATORS.items():
        st.session_state.setdefault(size_key(name), spec.default_size)
        for parameter in spec.hyperparameters:
            st.session_state.setdefault(param_key(name, parameter.name), parameter.default)
    _marker(_visitor().owner)
    collect()


def size_key(estimator: str) -> str:
    return f"lab_{estimator}_size"


def param_key(estimator: str, name: str) -> str:
    return f"lab_{estimator}_{name}"


def settings(task: str) -> LabSettings:
    """The setting the widgets show, for ``task``; the core's ValueError when a value is refused."""
    estimator = st.session_state[ESTIMATOR]
    return LabSettings(
        task=task, estimator=estimator, features=st.session_state[INPUT], n_train=st.session_state[size_key(estimator)],
        params={p.name: st.session_state[param_key(estimator, p.name)] for p in ESTIMATORS[estimator].hyperparameters},
        shifted=st.session_state[SHIFTED], grid_search=st.session_state[GRID],
    )


def train(task: str) -> None:
    """Queue a training of the widgets' setting (the Train button's callback); a refusal becomes the notice."""
    visitor = _visitor()
    try:
        visitor.job = job_queue().submit(settings(task), owner=visitor.owner, source=os.environ.get(ENV_VAR))
        visitor.notice = None
    except ValueError as error:
        visitor.notice = str(error)


def cancel() -> None:
    """Stop this visitor's training (the Cancel button's callback)."""
    visitor = _visitor()
    if visitor.job is not None:
        job_queue().cancel(visitor.job, owner=visitor.owner)


def job() -> JobStatus | None:
    """This visitor's training, while it waits or runs."""
    visitor = _visitor()
    return None if visitor.job is None else job_queue().status(visitor.job, owner=visitor.owner)


def collect() -> bool:
    """Take in this visitor's ended training: its model, or why there is none. True when one ended."""
    visitor = _visitor()
    if visitor.job is None:
        return False
    ended = job_queue().take(visitor.job, owner=visitor.owner)
    if ended is None and job_queue().status(visitor.job, owner=visitor.owner) is not None:
        return False  # still waiting or running
    visitor.job = None
    if ended is None:  # the queue let it go (the connection dropped, or the server's caches were cleared)
        visitor.notice = "Your training was stopped when the connection to the server was lost; start it again."
    elif ended.state == DONE:
        _keep(OwnModel(f"yours: {ended.result.settings.label} (#{ended.id})", ended.result,
                       joblib.load(io.BytesIO(ended.result.model_bytes))))  # our own child's file
    else:
        visitor.notice = ended.message or "Training cancelled."
    return True


def _keep(own: OwnModel) -> None:
    visitor = _visitor()
    settings, report = own.result.settings, own.result.report
    visitor.runs.append({
        "model": own.name, "task": settings.task, "setup": settings.setup, "digits": report["n_train"],
        "cross-validated": report["cv"]["mean"], "test": report["accuracy"],
    })
    visitor.models[own.name] = own
    while sum(kept.result.model_size for kept in visitor.models.values()) > KEPT_BYTES and len(visitor.models) > 1:
        del visitor.models[next(iter(visitor.models))]
    st.session_state[SHOWN] = own.name


def notice() -> str | None:
    """Why the last training was refused or ended without a model, until the next one starts."""
    return _visitor().notice


def own_names(task: str) -> list[str]:
    """The names of this visitor's models of ``task``, oldest first."""
    return [name for name, own_model in _visitor().models.items() if own_model.task == task]


def own(task: str, name: str) -> OwnModel | None:
    """This visitor's model ``name`` of ``task``; None for any other name (a shipped model's)."""
    found = _visitor().models.get(name)
    return found if found is not None and found.task == task else None


def runs(task: str) -> list[dict]:
    """Every training this visitor finished for ``task``, kept or not: the learning curve's points."""
    return [run for run in _visitor().runs if run["task"] == task]


def _visitor() -> _Visitor:
    # Made on first use: the sidebar may ask for the visitor's models before start() has run.
    if _VISITOR not in st.session_state:
        st.session_state[_VISITOR] = _Visitor()
    return st.session_state[_VISITOR]
