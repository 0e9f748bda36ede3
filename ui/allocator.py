"""Make the C allocator give large freed buffers straight back to the operating system.

glibc serves a buffer larger than its mmap threshold (128 KiB at start) with a mapping of its own,
unmapped when freed. But each time such a buffer is freed it raises that threshold to the freed
size, up to 32 MiB, so that soon a canvas's arrays (a 280x280 RGBA canvas is 0.3 MB, its float
copies up to 0.9 MB) come from the heap of whichever thread made them. Many visitors at once
scatter them over several heaps that cannot shrink past a buffer still in use, and the server's
memory stayed tens of MiB above its level long after they left (measured in the README). Setting
the threshold fixes it, which also stops glibc from moving it.
"""

from __future__ import annotations

import ctypes
import functools
import sys

__all__ = ["return_large_buffers", "LARGE_BUFFER"]

LARGE_BUFFER = 128 * 1024  # bytes: glibc's own starting threshold
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


@functools.cache
def return_large_buffers() -> bool:
    """Fix the mmap threshold at ``LARGE_BUFFER``, once per process; False where the C library has no such setting."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(_M_MMAP_THRESHOLD, LARGE_BUFFER) == 1
