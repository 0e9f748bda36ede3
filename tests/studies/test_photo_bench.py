import pytest

from digit_model.studies.photos import main
from digit_model.tasks import TASKS


def tables(out: str) -> list[list[list[str]]]:
    """Every Markdown table printed, as rows of cells (the header first, the --- line left out)."""
    return [
        [[cell.strip() for cell in line.strip("|").split("|")] for line in block.splitlines() if "---" not in line]
        for block in out.split("\n\n")
        if block.startswith("| ")
    ]


@pytest.mark.slow
def test_the_photo_benchmark_compares_the_old_and_new_reading_of_photos(small_pen, capsys):
    assert main(["--pen-source", small_pen, "--photos", "20", "--blank", "4", "--all-tasks"]) == 0
    accuracy, reading, decoding = tables(capsys.readouterr().out)
    header = accuracy[0]
    assert header[:2] == ["task", "model"]
    assert {"clean drawings, to_mnist (ceiling)", "photos, old: to_mnist", "photos, new: photo_steps"} <= set(header)
    assert [row[0] for row in accuracy[1:]] == list(TASKS)
    for row in accuracy[1:]:
        assert all(cell.endswith("%") for cell in row[2:])
    new, old = header.index("photos, new: photo_steps"), header.index("photos, old: to_mnist")
    which_digit = accuracy[1 + list(TASKS).index("which_digit")]
    assert float(which_digit[new].rstrip("%")) > float(which_digit[old].rstrip("%"))
    assert [row[0] for row in reading[1:]] == [
        "no digit found", "median time per photo (1024 px), ms", "blank paper read as a digit"
    ]
    assert reading[3][2] == "0 of 4"  # blank paper is no digit
    full, shrunk = (row[1] for row in decoding[1:])
    assert full in ("6000x4000", "4000x6000") and shrunk in ("1024x683", "683x1024")
    assert all(cell.isdigit() for row in decoding[1:] for cell in row[2:])  # milliseconds and MiB


def test_the_photo_benchmark_says_what_is_missing_in_one_line(monkeypatch, capsys):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--no-decode"]) == 2
    assert "error: No pen digits: pass a path to pendigits-orig.tra" in capsys.readouterr().err


def test_the_photo_benchmark_refuses_nonsense_counts(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--photos", "0"])
    assert stop.value.code == 2
    assert "--photos and --blank must be at least 1" in capsys.readouterr().err
