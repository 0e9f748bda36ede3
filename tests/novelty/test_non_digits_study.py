"""`python -m digit_model.studies.non_digits` on small generated data: every table, every kind, the whole trade-off."""

import json

import pytest

from digit_model.evaluation.refusal import REFUSED_SHARES
from digit_model.novelty.drawings import KINDS, TEMPLATES
from digit_model.studies.non_digits import main


@pytest.mark.slow
def test_the_study_reports_the_real_digits_every_kind_and_template_and_the_trade_off(small_npz, small_pen, tmp_path, capsys):
    saved = tmp_path / "non_digits.json"
    argv = ["--source", small_npz, "--pen-source", small_pen, "--size", "500", "--per-template", "1", "--json", str(saved)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "nearest of 500 MNIST training digits" in out and "ms per drawing" in out
    results = json.loads(saved.read_text())
    assert [row["real digits"] for row in results["digits"]] == [
        "unseen writers' pen digits (evaluation)", "MNIST test digits", "training writers' pen digits (trained on)",
    ]
    assert [row["kind"] for row in results["kinds"]] == [*KINDS, "all"]
    assert {row["template"] for row in results["templates"]} == {name for named in TEMPLATES.values() for name in named} | {
        "two digits", "crossed-out digit"}
    assert len(results["tradeoff"]) == len(REFUSED_SHARES)
    assert all(f"| {kind} |" in out for kind in KINDS)


def test_the_study_without_pen_digits_is_one_line(small_npz, monkeypatch, capsys):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--source", small_npz]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: No pen digits")
