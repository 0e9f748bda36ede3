"""The load command runs end to end: real server, real Chromium visitors, a row per round."""

import subprocess
import sys

from playwright.sync_api import Browser

from tools.server import ROOT


def test_the_load_command_reports_every_round_with_no_errors_and_no_wrong_answers(browser: Browser):
    # `browser` only checks that Chromium is here (skip, or fail under REQUIRE_BROWSER=1): the command launches its own.
    done = subprocess.run(
        [sys.executable, "-m", "tools.load", "--visitors", "2", "--digits", "2", "--rounds", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    tables = done.stdout.split("Where the browser's CPU went")
    assert len(tables) == 2, done.stdout
    rows, browser_rows = ([line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| 2 (round")]
                          for table in tables)
    assert [row[0].strip() for row in rows] == [row[0].strip() for row in browser_rows] == ["2 (round 1)", "2 (round 2)"]
    for row, browser_row in zip(rows, browser_rows):
        answers, errors, wrong = int(row[1]), int(row[4]), int(row[5])
        assert (answers, errors, wrong) == (4, 0, 0), done.stdout + done.stderr
        before, peak, after = (float(value) for value in row[7].split("/"))
        assert 0 < before <= peak and after > 0, done.stdout
        # The browser's parts add up to its total, and the pages' renderers did work in them.
        browser_per_drawing = float(browser_row[1])
        renderers, *others = (float(value) for value in browser_row[2].split("/"))
        # Five figures rounded to 0.001 each: their sums can differ by up to 0.0025.
        assert renderers > 0 and abs(renderers + sum(others) - browser_per_drawing) <= 0.003, done.stdout
        browser_seconds = float(row[8].split("/")[1])  # the first table's, to 0.1 s
        assert abs(browser_per_drawing * answers - browser_seconds) <= 0.05 + 0.0005 * answers, done.stdout
        tasks, javascript, style_and_layout = (float(value) for value in browser_row[3].split("/"))
        assert 0 < javascript + style_and_layout <= tasks, done.stdout
