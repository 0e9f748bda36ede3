"""The test server of `python -m tools.mutation`, and its client: Cosmic Ray's test command per mutant.

Starting pytest and importing NumPy, SciPy, scikit-learn and Pillow costs seconds of processor time,
more than most mutants' tests. The server imports them once, then runs each mutant's tests in a
fork of itself, which reads only this repository's modules anew, from the mutated files.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys

__all__ = ["NO_SERVER", "SOCKET", "serve", "run_tests", "name_the_replaced_exception"]

SOCKET = ".mutation-server.sock"  # in the copy's root, where both the server and the tests run
NO_SERVER = "tools.mutation: the test server is not answering"  # a failed run that says nothing of the mutant


def serve(tests: list[str]) -> None:
    """Run the tests named in each request in a fork of this process, which has the libraries ``tests`` use imported.

    A request is the pytest arguments and the client's stdout and stderr, whose output the fork writes
    to; the answer is pytest's exit code. A client that goes away (Cosmic Ray's timeout) ends its run.
    """
    sys.dont_write_bytecode = True  # a mutant of the same size written in the same second must not run a stale .pyc
    import pytest

    name_the_replaced_exception()
    _preload(tests)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(SOCKET)
    listener.listen()
    while True:
        connection, _ = listener.accept()
        with connection:
            message, fds, _, _ = socket.recv_fds(connection, 1 << 16, 2)
            child = os.fork()
            if child == 0:
                os.dup2(fds[0], 1)
                os.dup2(fds[1], 2)
                code = pytest.main(json.loads(message))
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(int(code))
            for fd in fds:
                os.close(fd)
            code = _exit_code(child, connection)
            try:
                connection.sendall(str(code).encode())
            except OSError:
                pass  # the client is gone: Cosmic Ray stopped waiting for it


def name_the_replaced_exception() -> None:
    """Make the exception Cosmic Ray puts in place of a caught one (``except OSError`` becomes ``except
    CosmicRayTestingException``) a name every mutant can use. Cosmic Ray does not define it where the
    tests run: without it, any exception reaching that clause raised a NameError, and the mutant was
    counted killed even when no test raised the exception whose catching it removed."""
    import builtins

    from cosmic_ray.exceptions import CosmicRayTestingException

    builtins.CosmicRayTestingException = CosmicRayTestingException


def _preload(tests: list[str]) -> None:
    """Collect the tests once, which imports every library they and the core use, then forget this
    repository's own modules, so that each fork reads them from the files as they are then."""
    import pytest

    pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *tests])
    for name in [name for name in sys.modules if name.split(".")[0] in ("digit_model", "tests", "tools")]:
        del sys.modules[name]


def _exit_code(child: int, connection: socket.socket) -> int:
    while True:
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if select.select([connection], [], [], 0.05)[0]:  # the client sends nothing more: readable means gone
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return -signal.SIGKILL


def run_tests(arguments: list[str]) -> int:
    """The test command Cosmic Ray runs per mutant: ask the server to run pytest with ``arguments``."""
    with socket.socket(socket.AF_UNIX) as client:
        try:
            client.connect(SOCKET)
        except OSError:
            print(NO_SERVER)  # on stdout, the output Cosmic Ray keeps
            return 1
        socket.send_fds(client, [json.dumps(arguments).encode()], [1, 2])
        return int(client.recv(16) or 1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run-tests"]:
        sys.exit(run_tests(sys.argv[2:]))
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2:])
