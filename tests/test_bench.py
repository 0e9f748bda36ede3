"""The bench command: its printed tables, the page it writes, and docs/results.md as committed."""

import platform
import re
from pathlib import Path

import pytest

from digit_model import list_models
from digit_model.bench import main, non_digits_text, results_page, this_machine
from digit_model.studies.cli import markdown
from digit_model.training.registry import ARTIFACTS, load_study

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "results.md"


def _page_pattern() -> re.Pattern:
    """The page :func:`results_page` writes, with its date, machine, command and tables as groups."""
    pattern = re.escape(results_page("TABLES", command="COMMAND", when="WHEN", machine="MACHINE"))
    for mark, group in [("WHEN", "when"), ("MACHINE", "machine"), ("COMMAND", "command")]:
        pattern = pattern.replace(mark, f"(?P<{group}>[^\\n]+)", 1)
    return re.compile(pattern.replace("TABLES", "(?P<tables>.+)", 1), re.DOTALL)


def _shape(tables: str) -> list:
    """The tables' lines with the figures left out: headers and captions as written, numbers aside;
    each row under a header as its task, its model and its number of cells."""
    shape, previous = [], ""
    for line in tables.splitlines():
        if line.startswith("| ") and previous.startswith("|"):
            cells = line.split("|")
            shape.append((cells[1:3], len(cells)))
        else:
            shape.append(re.sub(r"\d+(\.\d+)?", "#", line))
        previous = line
    return shape


def test_the_benchmark_prints_every_model_with_its_drawn_and_pen_accuracy(trained, small_npz, small_pen, capsys):
    artifacts, reports = trained
    args = ["--artifacts", str(artifacts), "--repeats", "3", "--drawn", "60", "--source", small_npz, "--pen-source", small_pen,
            "--numbers", "2"]
    assert main(args) == 0
    out = capsys.readouterr().out
    tables = [block.splitlines() for block in out.split("\n\n") if block.startswith("| ")]
    header, per_digit, honesty = tables[0][0], tables[1], tables[2]
    assert "MNIST accuracy" in header and "drawn accuracy" in header and "latency median (ms)" in header
    columns = [cell.strip() for cell in header.split("|")]
    rows = [[cell.strip() for cell in line.split("|")] for line in tables[0][2:]]
    assert len(rows) == sum(len(by_model) for by_model in reports.values())
    for row in rows:  # the drawn and pen accuracy were measured for each, the pen one as the report has it
        assert row[columns.index("drawn accuracy")].endswith("%")
        task, model = row[1], row[2].removesuffix(" (default)")
        assert row[columns.index("pen accuracy (unseen writers)")] == f"{reports[task][model]['pen']['accuracy']:.2%}"
    assert per_digit[0].split("|")[3:13] == [f" {digit} " for digit in range(10)]
    assert len(per_digit) == 2 + len(rows)
    assert "pen ECE" in honesty[0] and "pen accuracy at 90% coverage" in honesty[0] and len(honesty) == 2 + len(rows)
    numbers = tables[3]  # whole numbers: pen and MNIST, with gaps and touching, 2 to 6 digits
    assert numbers[0].startswith("| numbers | layout | digits | n | whole number, strokes |") and len(numbers) == 2 + 20


def test_the_not_a_digit_tables_are_the_shipped_study_s_and_absent_without_one(trained):
    study = load_study("which_digit")
    text = non_digits_text(artifacts=ARTIFACTS)
    assert markdown(study["digits"]) in text and markdown(study["kinds"]) in text
    assert non_digits_text(artifacts=trained[0]) == ""  # models trained here have no study shipped beside them


def test_the_benchmark_says_what_is_missing_in_one_line(tmp_path, capsys, monkeypatch):
    assert main(["--artifacts", str(tmp_path), "--drawn", "0", "--no-pen"]) == 2
    assert "error: No trained models" in capsys.readouterr().err
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--drawn", "0"]) == 2
    assert "error: No pen digits: pass a path to pendigits-orig.tra or set PENDIGITS_PATH" in capsys.readouterr().err


@pytest.mark.slow
def test_the_ablation_reports_every_step(small_npz, capsys):
    from digit_model.studies.ablation import STEPS
    from digit_model.studies.ablation import main as ablation

    assert ablation(["--source", small_npz, "--drawn", "40", "--limit", "400"]) == 0
    out = capsys.readouterr().out
    for step, _ in STEPS:
        assert f"| {step} | " in out


def test_the_page_is_headed_by_the_date_the_machine_and_the_command_then_the_tables():
    tables = "| task | model |\n|---|---|\n| which_digit | svm |"
    command = "python -m digit_model.bench --write docs/results.md"
    page = results_page(tables, command=command, when="2026-12-04", machine="A CPU (2 CPUs), Python 3.11.7")
    head = page.split(tables)[0]
    assert "2026-12-04" in head and "A CPU (2 CPUs), Python 3.11.7" in head
    assert f"```bash\n{command}\n```" in head
    assert page.endswith(f"\n{tables}\n")


def test_the_machine_line_names_the_cpus_and_the_python():
    line = this_machine()
    assert re.search(r"\(\d+ CPUs\)", line) and f"Python {platform.python_version()}" in line


def test_the_committed_results_page_is_the_bench_s_page_of_every_shipped_model():
    found = _page_pattern().fullmatch(RESULTS.read_text())
    assert found, f"{RESULTS} is not the page `python -m digit_model.bench --write` writes"
    assert found["command"].endswith("python -m digit_model.bench --write docs/results.md")
    shipped = [
        [f" {task} ", f" {name}{' (default)' if name == names[0] else ''} "]
        for task, names in list_models().items() for name in names
    ]
    tables = [table.splitlines() for table in found["tables"].split("\n\n") if table.startswith("| ")]
    assert len(tables) == 6 and tables[5][0].startswith("| numbers | layout |")  # the last: whole numbers
    assert tables[3][0].startswith("| real digits |") and tables[4][0].startswith("| kind |")  # not a digit
    for rows in (table[2:] for table in tables[:3]):  # figures, per digit, honesty: a row per shipped model, in the registry's order
        assert [row.split("|")[1:3] for row in rows] == shipped


@pytest.mark.slow
def test_a_run_of_the_shipped_models_writes_the_committed_page_s_tables_and_columns(small_npz, small_pen, tmp_path):
    page = tmp_path / "results.md"
    args = ["--repeats", "1", "--drawn", "30", "--numbers", "2", "--source", small_npz, "--pen-source", small_pen,
            "--write", str(page)]
    assert main(args) == 0
    written, committed = (_page_pattern().fullmatch(path.read_text()) for path in (page, RESULTS))
    assert written["command"] == "python -m digit_model.bench " + " ".join(args)
    assert _shape(written["tables"]) == _shape(committed["tables"])
