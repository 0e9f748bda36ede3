"""The measure command runs end to end, and its page-load milestones come in the order a page loads."""

import os
import subprocess
import sys

from playwright.sync_api import Browser

from tests.helpers import needs_mnist
from tools.server import ROOT


@needs_mnist  # its "why this answer" row shows MNIST's nearest training digits
def test_the_measure_command_reads_the_page_load_milestones_in_order(browser: Browser):
    # `browser` only checks that Chromium is here (skip, or fail under REQUIRE_BROWSER=1): the command launches its own.
    done = subprocess.run(
        [sys.executable, "-m", "tools.measure", "--runs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = {cells[0].strip(): cells[1:] for cells in (line.split("|")[1:-1] for line in done.stdout.splitlines()) if cells}
    loads = [label for label in rows if label.startswith("page load")]
    assert len(loads) == 4, done.stdout
    for column in (0, 1):  # the first visitor, then the warm one
        # Streamlit's code runs, then the app's first script run shows, then the canvas's code arrives, then it is ready.
        seconds = [float(rows[label][column]) for label in loads]
        assert 0 < seconds[0] < seconds[1] < seconds[2] <= seconds[3], done.stdout
    assert float(rows["mouse-up to prediction shown (s)"][1]) > 0


def test_without_mnist_the_measure_command_says_so_at_once():
    done = subprocess.run(
        [sys.executable, "-m", "tools.measure"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=os.environ | {"MNIST_PATH": "/nowhere/mnist.npz"},
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: this measurement needs MNIST. No MNIST copy at '/nowhere/mnist.npz'")
    assert len(done.stderr.strip().splitlines()) == 1
