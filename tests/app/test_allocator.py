"""The C allocator gives freed canvas-sized buffers back to the system once the app has set it so.

Each case runs in a fresh Python, as the app server does: one large buffer freed (which, by
default, raises glibc's threshold), then many canvas-sized arrays made and freed between small
buffers that stay in use, as several visitors' drawings are. The resident memory that stays is
read from /proc.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui.allocator import return_large_buffers

ROOT = Path(__file__).resolve().parents[2]
_SCRIPT = """
import numpy as np
from ui.allocator import return_large_buffers

def resident_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20

set_threshold = {set_threshold}
print(return_large_buffers() if set_threshold else "unset")
np.ones(4 * 2**20, np.uint8)  # a large buffer freed at once
before = resident_mib()
arrays, kept = [], []
for _ in range(200):
    arrays.append(np.ones((280, 280, 4), np.float32))  # a canvas as floats: 1.2 MB
    kept.append(bytearray(4096))  # small buffers that stay, between the large ones
del arrays
print(resident_mib() - before)
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator: Linux only")


def _kept_mib(set_threshold: bool) -> tuple[str, float]:
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(set_threshold=set_threshold)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )
    answer, kept = run.stdout.split()
    return answer, float(kept)


def test_freed_canvas_buffers_go_back_to_the_system():
    answer, kept = _kept_mib(set_threshold=True)
    assert answer == "True", answer
    assert kept < 20, f"{kept:.0f} MiB stayed resident after the arrays were freed"


def test_without_the_setting_they_stay():
    """The case the setting is for: without it the same arrays keep most of their memory."""
    answer, kept = _kept_mib(set_threshold=False)
    assert answer == "unset"
    assert kept > 100, f"only {kept:.0f} MiB stayed: this test no longer shows what the setting is for"


def test_the_app_sets_it_when_it_runs(app):
    return_large_buffers.cache_clear()
    app.run()
    assert not app.exception
    assert return_large_buffers.cache_info().currsize == 1, "app.py no longer sets the allocator up"
