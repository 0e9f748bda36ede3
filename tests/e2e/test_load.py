"""The load command runs end to end: real server, real Chromium visitors, a row per round."""

import subprocess
import sys

from playwright.sync_api import Browser

from .server import ROOT


def test_the_load_command_reports_every_round_with_no_errors_and_no_wrong_answers(browser: Browser):
    # `browser` only checks that Chromium is here (skip, or fail under REQUIRE_BROWSER=1): the command launches its own.
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.load", "--visitors", "2", "--digits", "2", "--rounds", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("| 2 (round")]
    assert [row[0].strip() for row in rows] == ["2 (round 1)", "2 (round 2)"]
    for row in rows:
        answers, errors, wrong = int(row[1]), int(row[4]), int(row[5])
        assert (answers, errors, wrong) == (4, 0, 0)
        before, peak, after = (float(value) for value in row[7].split("/"))
        assert 0 < before <= peak and after > 0
