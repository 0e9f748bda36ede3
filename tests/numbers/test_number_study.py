"""`python -m digit_model.studies.numbers`: its table on small generated data, and its one-line refusals."""

import pytest

from digit_model.inputs.pendigits import load_pendigits
from digit_model.numbers.benchmark import number_rows
from digit_model.studies.numbers import main
from digit_model.tasks import get_task
from digit_model.training import registry
from tests.helpers import needs_pen

WAYS = ("strokes", "image")


def table(out: str) -> list[list[str]]:
    """The Markdown table printed, as rows of cells (the header first, the --- line left out)."""
    lines = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_the_number_study_prints_a_row_per_source_layout_and_length(small_pen, small_npz, capsys):
    assert main(["--pen-source", small_pen, "--source", small_npz, "--count", "2", "--lengths", "2", "3"]) == 0
    header, *rows = table(capsys.readouterr().out)
    assert header[:4] == ["numbers", "layout", "digits", "n"]
    assert [row[:4] for row in rows] == [
        [source, layout, length, "2"]
        for source in ("pen", "MNIST test") for layout in ("gaps", "touching") for length in ("2", "3")
    ]
    for row in rows:
        cells = dict(zip(header, row))
        for way in WAYS:
            measured = row[0] == "pen" or way == "image"  # MNIST digits have no strokes
            shares = [cells[f"{what}, {way}"] for what in ("whole number", "right count", "digits right")]
            assert all(share.endswith("%") for share in shares) if measured else shares == ["", "", ""]
            assert (cells[f"ms per digit, {way} (model)"] != "") == measured


def test_a_reading_that_fails_counts_as_wrong(small_pen):
    class Refuses:
        classes_ = get_task("which_digit").classes

        def predict_proba(self, X):
            raise ValueError("This model reads nothing.")

    pen = load_pendigits(small_pen, split="eval")
    rows = number_rows(Refuses(), task=get_task("which_digit"), pen=pen, lengths=(2,), count=3)
    for row in rows:
        for way in WAYS:
            assert [row[f"{what}, {way}"] for what in ("whole number", "right count", "digits right")] == ["0.0%"] * 3


def test_the_number_study_says_what_is_missing_in_one_line(monkeypatch, capsys):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--no-mnist", "--count", "1"]) == 2
    assert "error: No pen digits: pass a path to pendigits-orig.tra" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--count", "0"], ["--lengths", "1"], ["--lengths", "13"], ["--seed", "-1"]])
def test_the_number_study_refuses_nonsense_options(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert "--count must be at least 1, --seed at least 0 and every length from 2 to 12" in capsys.readouterr().err


@pytest.mark.slow
@needs_pen
def test_the_unseen_writers_numbers_written_apart_are_split_into_the_right_count():
    model = registry.load_model("which_digit")
    rows = number_rows(model, task=get_task("which_digit"), pen=load_pendigits(split="eval"), lengths=(4,), count=30)
    (row,) = [row for row in rows if row["layout"] == "gaps"]
    assert row["right count, strokes"] == "100.0%"
    assert float(row["right count, image"].rstrip("%")) >= 95
