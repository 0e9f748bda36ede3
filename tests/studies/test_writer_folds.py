import pytest

from digit_model.inputs.pendigits import EVAL_WRITERS
from digit_model.studies.writer_folds import GROUPS, fold_writers, main, writer_groups


def test_the_thirty_writers_fall_into_three_groups_of_ten_the_first_being_the_evaluation_writers():
    groups = writer_groups(range(1, 31))
    assert list(groups) == list(range(GROUPS)) and all(len(members) == 10 for members in groups.values())
    assert groups[0] == EVAL_WRITERS
    assert sorted(w for members in groups.values() for w in members) == list(range(1, 31))


@pytest.mark.parametrize("group", range(GROUPS))
def test_each_fold_learns_from_every_writer_but_those_it_reads(group):
    learned_from, read = fold_writers(group, [5, 1, 2, 3, 4, 6, 6])
    assert not set(learned_from) & set(read)
    assert sorted(learned_from + read) == [1, 2, 3, 4, 5, 6]
    assert read == writer_groups([1, 2, 3, 4, 5, 6])[group]


@pytest.mark.slow
def test_every_writer_is_read_once_and_the_refit_is_scored_on_mnist(small_npz, small_pen, capsys):
    assert main(["--source", small_npz, "--pen-source", small_pen, "--refit", "--jobs", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = [[cell.strip() for cell in line.split("|")[1:-1]] for line in lines if line.startswith("| ")]
    header, rows = table[0], table[1:]
    assert [row[0] for row in rows] == ["group 0", "group 1", "group 2", "all, pooled"]
    digits = [int(row[header.index("pen digits")].replace(",", "")) for row in rows]
    assert sum(digits[:3]) == digits[3] == 30 * 10 * 2  # the small pen file: 30 writers, 2 of each digit
    assert lines[-1].startswith("Fitted on MNIST and all 30 writers: ") and lines[-1].endswith("on MNIST test (300 digits).")
