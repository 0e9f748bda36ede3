"""One Lab training at a time per server process, each in a child process of its own.

The queue is shared by every visitor of a server on purpose: trainings wait their turn, first come
first served, so that however many visitors train, the server carries one training beside its own
work. Each job belongs to one owner (a visitor's session), who alone can see, cancel or take it, and
may have one job waiting or running; :meth:`JobQueue.release` cancels an owner's jobs and drops their
results when the session ends. A setting whose estimated memory passes the bound is refused before it
is queued. Trainings run in a child of the Lab's worker process (:mod:`digit_model.lab.worker`), at a
lower priority, on at most two cores, and the kernel stops one at a cap of CPU time whatever it is
doing; once a fold is timed, a training whose estimate passes the cap by half is stopped at once.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from pathlib import Path

from digit_model.lab.memory import memory_needed
from digit_model.lab.results import LabResult
from digit_model.lab.runner import Progress
from digit_model.lab.settings import LabSettings

__all__ = [
    "JobQueue", "JobStatus", "CPU_SECONDS", "MEMORY_BOUND", "WAITING", "RUNNING", "STOPPING", "DONE", "FAILED", "CANCELLED",
]

# Every estimator's default takes well under a fifth of it (`python -m tools.lab_timing`): a setting
# several times as big still finishes, and a runaway stops within 2.5 minutes on two cores.
CPU_SECONDS = 300
# One training of at most this runs beside the server (367 MiB with every shipped model loaded,
# docs/studies/app.md) and the worker process (measured by `python -m tools.lab_timing`).
MEMORY_BOUND = 700 * 2**20
MAX_THREADS = 2
_ROOT = Path(__file__).resolve().parents[2]  # where `python -m digit_model.lab.worker` finds the package
_EARLY_STOP = 1.5  # an estimate from one fold can be off by half: only a clear overrun stops early
_POLL = 0.1  # seconds the supervisor waits for the child's next word

WAITING, RUNNING, STOPPING, DONE, FAILED, CANCELLED = "waiting", "running", "stopping", "done", "failed", "cancelled"
_ACTIVE = (WAITING, RUNNING, STOPPING)


@dataclass(frozen=True)
class JobStatus:
    """A job as its owner sees it: its state, its place in the queue (1 runs next, 0 not waiting),
    the runner's last progress, the seconds since it started running and about the seconds left (once
    a fold has been timed), the CPU-seconds used, why it failed when it did, and its result once done."""

    id: int
    state: str
    position: int
    progress: Progress | None
    seconds: float
    left: float | None
    cpu_seconds: float
    message: str | None
    result: LabResult | None = None

    @property
    def active(self) -> bool:
        """Waiting, running, or stopping: a stopped training ends only once its process has."""
        return self.state in _ACTIVE


@dataclass
class _Job:
    id: int
    owner: str
    settings: LabSettings
    source: str | None
    state: str = WAITING
    progress: Progress | None = None
    cpu_seconds: float = 0.0
    message: str | None = None
    result: LabResult | None = None
    stop_as: tuple[str, str | None] | None = None  # the state and message it ends in once its process has stopped
    started: float | None = None  # time.monotonic() when it started running
    heard: float | None = None  # ... and when its last progress came


class JobQueue:
    """Run submitted trainings one at a time, each in a child process, under a CPU cap and a memory bound."""

    def __init__(self, *, cpu_seconds: int = CPU_SECONDS, memory_bound: int = MEMORY_BOUND, threads: int | None = None):
        self.cpu_seconds, self.memory_bound = cpu_seconds, memory_bound
        self.threads = threads or min(MAX_THREADS, _cores())
        self._worker: tuple[subprocess.Popen, Connection] | None = None
        self._changed = threading.Condition()
        self._jobs: dict[int, _Job] = {}
        self._waiting: deque[_Job] = deque()
        self._ids = itertools.count(1)
        self._closed = False
        self._supervisor = threading.Thread(target=self._supervise, name="lab-jobs", daemon=True)
        self._supervisor.start()

    def submit(self, settings: LabSettings, *, owner: str, source: str | None = None) -> int:
        """Queue a training of ``settings`` for ``owner`` (MNIST from ``source``, else ``MNIST_PATH``): its job id.

        Raises ValueError, in one sentence, for a setting over the memory bound or an owner who already has an active job.
        """
        refusal = memory_needed(settings).refusal(self.memory_bound)
        if refusal is not None:
            raise ValueError(refusal)
        with self._changed:
            if any(job.owner == owner and job.state in _ACTIVE for job in self._jobs.values()):
                raise ValueError("You already have a training waiting or running: cancel it, or let it finish, first.")
            job = _Job(next(self._ids), owner, settings, source)
            self._jobs[job.id] = job
            self._waiting.append(job)
            self._changed.notify_all()
        return job.id

    def status(self, job_id: int, *, owner: str) -> JobStatus | None:
        """The job's status; None when ``owner`` has no such job (another owner's, taken or released)."""
        with self._changed:
            return self._status(job_id, owner)

    def wait(self, job_id: int, *, owner: str, timeout: float,
             until: Callable[[JobStatus], bool] | None = None) -> JobStatus | None:
        """Wait at most ``timeout`` seconds for the job to end, or for ``until`` to hold of its status; its status then."""
        def settled() -> bool:
            status = self._status(job_id, owner)
            return status is None or not status.active or (until is not None and until(status))

        with self._changed:
            self._changed.wait_for(settled, timeout)
            return self._status(job_id, owner)

    def cancel(self, job_id: int, *, owner: str) -> None:
        """Stop the owner's job: taken out of the queue, or its process ended (between any two instructions)."""
        with self._changed:
            job = self._own(job_id, owner)
            if job is not None and job.state in _ACTIVE:
                self._stop(job, CANCELLED, None)

    def take(self, job_id: int, *, owner: str) -> JobStatus | None:
        """The ended job's last status (with its result when it finished), and the job forgotten; None while it is active."""
        with self._changed:
            job = self._own(job_id, owner)
            if job is None or job.state in _ACTIVE:
                return None
            del self._jobs[job_id]
            return self._status_of(job)

    def release(self, owner: str) -> None:
        """The owner is gone: cancel their jobs and drop their results."""
        with self._changed:
            for job in [job for job in self._jobs.values() if job.owner == owner]:
                if job.state in _ACTIVE:
                    self._stop(job, CANCELLED, None)
                del self._jobs[job.id]

    def shutdown(self) -> None:
        """Cancel every job and stop supervising (when the app's cache lets the queue go)."""
        with self._changed:
            for job in list(self._jobs.values()):
                if job.state in _ACTIVE:
                    self._stop(job, CANCELLED, None)
            self._closed = True
            self._changed.notify_all()

    # The owner's job, or None: another owner's job is as good as none.
    def _own(self, job_id: int, owner: str) -> _Job | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def _status(self, job_id: int, owner: str) -> JobStatus | None:
        job = self._own(job_id, owner)
        return None if job is None else self._status_of(job)

    def _status_of(self, job: _Job) -> JobStatus:
        position = next((place for place, waiting in enumerate(self._waiting, start=1) if waiting is job), 0)
        now, progress = time.monotonic(), job.progress
        seconds = 0.0 if job.started is None else now - job.started
        left = None if progress is None or progress.estimate is None else max(0.0, progress.estimate - progress.elapsed - (now - job.heard))
        return JobStatus(job.id, job.state, position, progress, seconds, left, job.cpu_seconds, job.message, job.result)

    # Under the lock: a waiting job ends as ``state`` at once; a running one is stopping until its
    # supervisor has had its process stopped.
    def _stop(self, job: _Job, state: str, message: str | None) -> None:
        if job in self._waiting:
            self._waiting.remove(job)
            job.state, job.message = state, message
        elif job.state == RUNNING:
            job.state, job.stop_as = STOPPING, (state, message)
        self._changed.notify_all()

    def _supervise(self) -> None:
        """Start the next waiting job, and follow it until its process has ended; then the next."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closed or self._waiting)
                if self._closed:
                    self._stop_worker()
                    return
                job = self._waiting.popleft()
                job.state, job.started = RUNNING, time.monotonic()
                self._changed.notify_all()
            exitcode = self._follow(job)
            with self._changed:
                if job.state == STOPPING:
                    job.state, job.message = job.stop_as
                elif job.state == RUNNING:
                    job.state, job.message = FAILED, _why_it_ended(exitcode, self.cpu_seconds)
                self._changed.notify_all()

    def _follow(self, job: _Job) -> int | None:
        """Have the worker train the job, pass on what it hears, ask it to stop the job once it no
        longer runs; the child's exit code (None if the worker itself died)."""
        worker = self._worker_connection()
        try:
            worker.send(("train", job.settings, job.source, self.cpu_seconds, self.threads))
            stopping = False
            while True:
                if job.state == STOPPING and not stopping:
                    worker.send(("cancel",))
                    stopping = True
                if worker.poll(_POLL):
                    message = worker.recv()
                    if message[0] == "ended":
                        return message[1]
                    self._heard(job, message)
        except (EOFError, OSError):  # the worker died: a new one starts with the next job
            self._stop_worker()
            return None

    def _worker_connection(self) -> Connection:
        """The connection to the worker process, started on first use (and again if it died)."""
        if self._worker is None:
            ours, theirs = Pipe()
            process = subprocess.Popen(
                [sys.executable, "-m", "digit_model.lab.worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), cwd=_ROOT, stdin=subprocess.DEVNULL,
            )
            theirs.close()
            self._worker = process, ours
        return self._worker[1]

    def _stop_worker(self) -> None:
        if self._worker is not None:
            process, connection = self._worker
            connection.close()  # the worker ends when its connection closes, and stops any child first
            process.kill()
            process.wait()
            self._worker = None

    def _heard(self, job: _Job, message: tuple) -> None:
        kind, *content = message
        with self._changed:
            if job.state != RUNNING:
                return
            if kind == "progress":
                (job.progress, job.cpu_seconds), job.heard = content, time.monotonic()
                self._stop_if_over_cap(job)
            elif kind == "done":
                job.state, job.result = DONE, content[0]
            else:  # "refused": the core's ValueError, such as no MNIST
                job.state, job.message = FAILED, content[0]
            self._changed.notify_all()

    # Under the lock: stop a training whose estimate, at the CPU rate so far, clearly passes the cap.
    def _stop_if_over_cap(self, job: _Job) -> None:
        progress = job.progress
        if progress.estimate is None or progress.elapsed <= 0:
            return
        needed = job.cpu_seconds / progress.elapsed * progress.estimate
        if needed > _EARLY_STOP * self.cpu_seconds:
            self._stop(job, FAILED, (
                f"At this pace the training would need about {needed:,.0f} CPU-seconds, more than the Lab's cap of "
                f"{self.cpu_seconds:,} per training, so it was stopped at the {progress.stage}: choose fewer digits or a lighter setting."
            ))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _why_it_ended(exitcode: int | None, cpu_seconds: int) -> str:
    if exitcode == -signal.SIGXCPU:
        return f"The training reached the Lab's cap of {cpu_seconds:,} CPU-seconds and was stopped: choose fewer digits or a lighter setting."
    if exitcode == -signal.SIGKILL:
        return "The system stopped the training, most likely for want of memory: choose fewer digits or a lighter setting."
    if exitcode is None:
        return "The Lab's training process ended unexpectedly; the server's log says why. Start the training again."
    return f"The training process ended unexpectedly (exit code {exitcode}); the server's log says why."
