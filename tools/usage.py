"""Where the CPU goes while browsers visit an app server: the server's, the browser's and Playwright's
processes, told apart by the process tree, and the server's memory, sampled as they run."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from .measure import resident_mib

__all__ = ["BROWSER_PARTS", "Usage"]

_SAMPLE = 0.2  # seconds between samples of memory and CPU
_TICK = os.sysconf("SC_CLK_TCK")  # the unit of the CPU times in /proc
# Chromium's processes by their --type= switch (the browser process itself has none); any other type is a utility.
_CHROMIUM_PARTS = {"renderer": "renderers", "gpu-process": "GPU process", None: "browser process"}
BROWSER_PARTS = (*_CHROMIUM_PARTS.values(), "utilities")


def _machine_busy_seconds() -> float:
    # The first line of /proc/stat sums all cores: user nice system idle iowait irq softirq steal (guest is in user).
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / _TICK


class Usage:
    """The CPU seconds of the server, the browser, Playwright and the machine from now on, and the
    server's memory, sampled so that processes that exit in between are counted.

    The groups follow the process tree: the server's processes descend from it; Playwright's Node
    driver is a child of this process, and the browser descends from the driver. The browser's
    processes are split further into :data:`BROWSER_PARTS`.
    """

    def __init__(self, server: int):
        self.server = server
        self.rss_before = self.peak = resident_mib(server)
        self._last: dict[tuple[int, int], tuple[str, float]] = {}  # (pid, start tick) -> (group, CPU seconds)
        self.sample()
        self._first = dict(self._last)
        self._started, self._machine = time.perf_counter(), _machine_busy_seconds()

    def sample(self) -> None:
        self.peak = max(self.peak, resident_mib(self.server))
        processes = {}  # pid -> (parent, start tick, CPU seconds)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()  # after the name, which may hold spaces
            except (FileNotFoundError, ProcessLookupError):  # it exited while we looked
                continue
            processes[int(stat.parent.name)] = (int(fields[1]), int(fields[19]), (int(fields[11]) + int(fields[12])) / _TICK)
        for pid, (_, started, cpu) in processes.items():
            # Grouped again at every sample, as Chromium rewrites its processes' command lines after they
            # start; a process that is exiting has an empty one and stays in the group it was last seen in.
            if group := self._group(pid, processes) or self._last.get((pid, started), (None, 0.0))[0]:
                self._last[pid, started] = group, cpu

    def _group(self, pid: int, processes: dict[int, tuple[int, int, float]]) -> str | None:
        """The process's group, or None when it is another program's or a Chromium process whose type is unknown."""
        process, below = pid, 0  # generations below this process
        while process in processes and process != os.getpid():
            if process == self.server:
                return "server"
            process, below = processes[process][0], below + 1
        if process != os.getpid():
            return None  # another program's, or orphaned
        return _chromium_part(pid) if below >= 2 else "Playwright"

    async def follow(self) -> None:
        """Sample until cancelled."""
        while True:
            await asyncio.sleep(_SAMPLE)
            self.sample()

    def stop(self) -> dict[str, float]:
        """CPU seconds since the start per group and for the whole machine, and the wall time."""
        self.sample()
        seconds = dict.fromkeys(("server", "Playwright", *BROWSER_PARTS), 0.0)
        for key, (group, cpu) in self._last.items():
            seconds[group] += cpu - self._first.get(key, (group, 0.0))[1]
        return seconds | {
            "browser": sum(seconds[part] for part in BROWSER_PARTS),
            "machine": _machine_busy_seconds() - self._machine,
            "wall": time.perf_counter() - self._started,
        }


def _chromium_part(pid: int) -> str | None:
    """Which of :data:`BROWSER_PARTS` a Chromium process is, from its command line; None when it has
    none to read (it is exiting, or gone)."""
    try:
        # NUL-separated, or one line with spaces once Chromium has retitled the process
        switches = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ").split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    if not switches:
        return None
    kind = next((switch.removeprefix("--type=") for switch in switches if switch.startswith("--type=")), None)
    return _CHROMIUM_PARTS.get(kind, "utilities")
