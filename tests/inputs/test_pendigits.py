"""The pen-digit parser, loader and writer split."""

import numpy as np
import pytest

from digit_model.inputs.pendigits import (
    ENV_VAR,
    EVAL_WRITERS,
    TRAIN_WRITERS,
    PenDigitsError,
    load_pendigits,
    parse,
)
from tests.helpers import TWO_DIGITS, needs_pen


def test_a_well_formed_file_gives_every_digit_with_all_its_strokes_writer_and_label():
    digits = parse(TWO_DIGITS)
    assert digits.labels.tolist() == [7, 1] and digits.writers.tolist() == [12, 3]
    assert len(digits.strokes[0]) == 2 and len(digits.strokes[1]) == 1
    assert digits.strokes[0][0].tolist() == [[100, 300], [200, 300], [150, 100]]


@pytest.mark.parametrize(
    "broken, message",
    [
        (TWO_DIGITS[: TWO_DIGITS.index(" 150  100\n.PEN_UP\n.DT")], "PEN_DOWN without its .PEN_UP"),
        (TWO_DIGITS.replace('? "1"', "?"), "without its digit label"),
        (TWO_DIGITS.replace(".COMMENT 1 3   54\n", ""), "no .COMMENT with its writer"),
        (TWO_DIGITS.replace(" 150  300\n 150  100\n", ""), "a stroke with no points"),
        (TWO_DIGITS.replace(".PEN_DOWN\n 150  300\n 150  100\n.PEN_UP\n", ""), "has no pen strokes"),
        (TWO_DIGITS.replace(".COMMENT 1 3", ".COMMENT 4 3"), "the .COMMENT says 4 but the .SEGMENT says 1"),
        (TWO_DIGITS.replace(" 120  200", " 120  abc"), "cannot read"),
        (".INCLUDE dene.doc\n", "holds no digits"),
    ],
    ids=["truncated", "label missing", "writer missing", "no points", "no strokes", "labels disagree", "bad point", "empty"],
)
def test_a_broken_file_gets_one_clear_error_that_says_where(broken, message):
    with pytest.raises(PenDigitsError, match=message):
        parse(broken, origin="pen.tra")


def test_the_path_argument_wins_over_the_environment(tmp_path, monkeypatch):
    good = tmp_path / "pen.tra"
    good.write_text(TWO_DIGITS)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.tra"))
    assert len(load_pendigits(good)) == 2
    with pytest.raises(PenDigitsError, match="elsewhere.tra"):
        load_pendigits()


def test_without_a_path_the_error_names_the_argument_and_the_variable(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(PenDigitsError, match=f"pass a path.*{ENV_VAR}"):
        load_pendigits()


def test_the_writer_split_is_fixed_disjoint_and_covers_every_writer():
    assert set(EVAL_WRITERS).isdisjoint(TRAIN_WRITERS)
    assert sorted(EVAL_WRITERS + TRAIN_WRITERS) == list(range(1, 31))
    assert EVAL_WRITERS == (3, 6, 9, 12, 15, 18, 21, 24, 27, 30)


def test_a_split_keeps_only_its_writers(tmp_path):
    path = tmp_path / "pen.tra"
    path.write_text(TWO_DIGITS)
    assert load_pendigits(path, split="eval").labels.tolist() == [7, 1]  # writers 12 and 3 evaluate
    assert len(load_pendigits(path, split="train")) == 0
    with pytest.raises(ValueError, match="split must be"):
        load_pendigits(path, split="test")


@needs_pen
def test_the_real_file_has_30_writers_and_no_digit_on_both_sides_of_the_split():
    every = load_pendigits()
    assert len(every) == 7494 and sorted(set(every.writers.tolist())) == list(range(1, 31))
    train, evaluation = load_pendigits(split="train"), load_pendigits(split="eval")
    assert len(train) + len(evaluation) == len(every)
    assert set(train.writers.tolist()).isdisjoint(evaluation.writers.tolist())
    assert np.bincount(evaluation.labels).min() >= 230  # every digit is well represented
