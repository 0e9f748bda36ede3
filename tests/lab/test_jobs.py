"""The job queue with its real worker process: trainings on the small generated digits."""

import pytest

from digit_model.lab.jobs import CANCELLED, DONE, FAILED, RUNNING, WAITING, JobQueue
from digit_model.lab.memory import memory_needed
from digit_model.lab.settings import LabSettings

WAIT = 300  # seconds at most to wait for a state: a bound for a stuck test, never a timing asserted
QUICK = LabSettings(n_train=500)
# Minutes of work on the small digits: it can only end "cancelled" if the cancel stopped it.
SLOW = LabSettings(estimator="svc", features="gradients", n_train=1000, shifted=True, grid_search=True)


@pytest.fixture(scope="module")
def queue():
    jobs = JobQueue(threads=1)
    yield jobs
    jobs.shutdown()


def started(queue, job, owner):
    return queue.wait(job, owner=owner, timeout=WAIT, until=lambda status: status.progress is not None)


def test_a_training_runs_in_the_worker_within_its_memory_estimate(queue, small_npz):
    job = queue.submit(QUICK, owner="a", source=small_npz)
    status = queue.wait(job, owner="a", timeout=WAIT)
    assert status.state == DONE, status.message
    assert status.result.report["n_test"] == 300 and status.result.settings == QUICK
    assert 0 < status.result.peak_extra_bytes <= memory_needed(QUICK).bytes
    assert queue.take(job, owner="a").state == DONE and queue.status(job, owner="a") is None


def test_a_second_training_waits_its_turn_and_a_cancel_stops_the_first(queue, small_npz):
    first = queue.submit(SLOW, owner="a", source=small_npz)
    assert started(queue, first, "a").state == RUNNING
    second = queue.submit(QUICK, owner="b", source=small_npz)
    waiting = queue.status(second, owner="b")
    assert (waiting.state, waiting.position) == (WAITING, 1)
    queue.cancel(first, owner="a")
    assert queue.wait(first, owner="a", timeout=WAIT).state == CANCELLED
    assert queue.wait(second, owner="b", timeout=WAIT).state == DONE
    queue.take(first, owner="a"), queue.take(second, owner="b")


def test_an_owner_alone_sees_and_stops_their_training_and_has_one_at_a_time(queue, small_npz):
    job = queue.submit(SLOW, owner="a", source=small_npz)
    with pytest.raises(ValueError, match="^You already have a training waiting or running"):
        queue.submit(QUICK, owner="a", source=small_npz)
    assert queue.status(job, owner="b") is None and queue.take(job, owner="b") is None
    queue.cancel(job, owner="b")
    assert queue.status(job, owner="a").active
    assert started(queue, job, "a").state == RUNNING
    queue.release("a")  # the visitor left: their training stops and is forgotten
    assert queue.status(job, owner="a") is None
    after = queue.submit(QUICK, owner="c", source=small_npz)
    assert queue.wait(after, owner="c", timeout=WAIT).state == DONE
    queue.take(after, owner="c")


def test_a_training_is_stopped_at_the_cpu_cap_and_says_so(small_npz):
    capped = JobQueue(cpu_seconds=1, threads=1)
    try:
        job = capped.submit(SLOW, owner="a", source=small_npz)
        status = capped.wait(job, owner="a", timeout=WAIT)
        assert status.state == FAILED
        # Stopped by the kernel at the cap, or earlier, once its pace shows it would pass the cap.
        assert "the Lab's cap of 1 " in status.message and "was stopped" in status.message
    finally:
        capped.shutdown()


def test_a_setting_over_the_memory_bound_is_refused_before_it_is_queued():
    bounded = JobQueue(memory_bound=100 * 2**20)
    try:
        with pytest.raises(ValueError, match=r"^This setting needs about 1\d\d MiB to train .* more than the 100 MiB"):
            bounded.submit(QUICK, owner="a")
    finally:
        bounded.shutdown()


def test_the_childs_own_refusal_is_the_jobs_message(queue, tmp_path):
    job = queue.submit(QUICK, owner="d", source=str(tmp_path / "nothing.npz"))
    status = queue.wait(job, owner="d", timeout=WAIT)
    assert status.state == FAILED and status.message.startswith("No MNIST copy at")
