"""Start `streamlit run app.py` headless on a free port and wait until it answers its health check."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "AppServer", "running_app"]

ROOT = Path(__file__).resolve().parents[1]
_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 10.0
_POLL = 0.2  # seconds between health checks, spent waiting on the process itself


@dataclass(frozen=True)
class AppServer:
    url: str
    pid: int
    port: int


@contextmanager
def running_app(*, port: int | None = None) -> Iterator[AppServer]:
    """Yield a fresh app server (its base URL and process id); stop it afterwards.

    ``port`` starts it where an earlier server was, as a restart does; by default any free port.
    """
    port = port or _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_healthy(url, process)
        yield AppServer(url, process.pid, port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:  # a server with open sessions can take its time: stop it hard
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen) -> None:
    # Waiting on the process between checks also notices at once when streamlit exits early.
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        try:
            process.wait(timeout=_POLL)
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"streamlit exited with code {process.returncode}: {process.stderr.read()}")
    raise TimeoutError(f"streamlit did not answer {url}/_stcore/health within {_START_TIMEOUT:.0f} s")
