"""`python -m digit_model.lab.worker FD`: the Lab's training process, started once per server process.

It imports scikit-learn once, then for each training the server sends over the connection on file
descriptor FD it forks a child that trains: a child starts in milliseconds, and is never a fork of
the app server, whose threads and locks a fork would copy mid-use. (Python's own fork server would
run the app's page script again in each child: Streamlit installs it as the ``__main__`` module.)

The child sets its limits before anything else: a cap on its CPU time (``RLIMIT_CPU``: the kernel
stops it at the cap whatever it is doing), a lower priority, no core file. It reports each stage to
the worker, which passes every message on, stops the child when the server says "cancel", and
says how it ended. Only the worker writes to the server, so a child stopped mid-message cannot
garble the conversation.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import traceback
from multiprocessing.connection import Connection, Pipe, wait

from threadpoolctl import threadpool_limits

from digit_model.inputs.mnist import load_mnist
from digit_model.lab.runner import run

__all__ = ["main", "NICENESS"]

NICENESS = 10  # the server's own answers get about nine tenths of a core that the training wants too
_GRACE = 10  # CPU-seconds past the cap before the kernel kills outright a child that ignored SIGXCPU


def main(argv: list[str] | None = None) -> None:
    """Serve trainings until the server closes the connection."""
    server = Connection(int((argv or sys.argv[1:])[0]))
    while True:
        try:
            request = server.recv()
        except (EOFError, OSError):  # the server closed the connection, or went
            return
        if request[0] == "train":  # a "cancel" that arrives after its training ended is nothing to do
            _serve_one(server, request[1:])


def _serve_one(server: Connection, request: tuple) -> None:
    """Fork the child for one training and pass on what it says until it exits; then say how it ended."""
    receive, send = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: it must never return into the worker's loop
        code = 1
        try:
            server.close()
            receive.close()
            code = _train(send, *request)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    send.close()
    listening = [server, receive]
    while receive in listening:
        for ready in wait(listening):
            try:
                message = ready.recv()
            except (EOFError, OSError):  # the child has exited (or the server has gone: stop the child)
                listening.remove(ready)
                if ready is server:
                    os.kill(pid, signal.SIGTERM)
                continue
            if ready is server:
                os.kill(pid, signal.SIGTERM)  # "cancel"
            else:
                server.send(message)
    receive.close()
    _, status = os.waitpid(pid, 0)
    if server in listening:
        server.send(("ended", os.waitstatus_to_exitcode(status)))


def _train(send: Connection, settings, source: str | None, cpu_seconds: int, threads: int) -> int:
    """The child: limits first, then the training, telling each stage, then the result; its exit code."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    ceiling = cpu_seconds + _GRACE if hard == resource.RLIM_INFINITY else min(hard, cpu_seconds + _GRACE)
    resource.setrlimit(resource.RLIMIT_CPU, (min(cpu_seconds, ceiling), ceiling))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU's default action would write a core file
    os.nice(NICENESS)
    started = _memory("VmRSS")
    try:
        with threadpool_limits(threads):
            mnist = load_mnist(source)
            result = run(settings, mnist, threads=threads, progress=lambda progress: send.send(("progress", progress, _cpu())))
        peak = _memory("VmHWM")
        send.send(("done", result.measured(None if peak is None or started is None else peak - started)))
    except ValueError as error:
        send.send(("refused", str(error)))
    return 0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _memory(field: str) -> int | None:
    """This process's resident memory now ("VmRSS") or at its peak ("VmHWM"), in bytes; None where
    the system does not say (Linux does, in /proc)."""
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return None
    return int(line.split()[1]) * 1024


if __name__ == "__main__":
    main()
