import re

import numpy as np
from PIL import Image

from digit_model.evaluation.test_sets import pen_test_set
from digit_model.inputs.pendigits import EVAL_WRITERS, load_pendigits
from digit_model.studies.pen_mistakes import main, pen_mistakes
from digit_model.training import registry
from tests.helpers import pen_text

_WRITER = EVAL_WRITERS[0]


def _mislabelled(tmp_path, shape: int = 2, label: int = 3) -> str:
    """The small pen file with every ``shape`` of one evaluation writer labelled ``label``: drawings
    shaped as another digit."""
    blocks = re.split(r"(?m)^(?=\.SEGMENT)", pen_text(per_digit=2, seed=0))
    relabelled = [
        block.replace(f'"{shape}"', f'"{label}"', 1).replace(f".COMMENT {shape} ", f".COMMENT {label} ", 1)
        if re.search(rf"(?m)^\.COMMENT {shape} {_WRITER} ", block) else block
        for block in blocks
    ]
    path = tmp_path / f"{shape}_labelled_{label}.tra"
    path.write_text("".join(relabelled))
    return str(path)


def test_every_wrong_answer_is_listed_most_confident_first_with_what_the_mnist_only_models_say(trained, tmp_path):
    artifacts, reports = trained
    source = _mislabelled(tmp_path)
    images, digits, _ = pen_test_set(source)
    writers = load_pendigits(source, split="eval").writers
    mistakes = pen_mistakes("which_digit", images, digits, writers, artifacts=artifacts)

    names = registry.list_models(artifacts=artifacts)["which_digit"]
    default = registry.load_model("which_digit", artifacts=artifacts)
    proba = default.predict_proba(images)
    answers = default.classes_[proba.argmax(axis=1)]
    assert sorted(m["index"] for m in mistakes) == np.flatnonzero(answers != digits).tolist()
    confidences = [m["confidence"] for m in mistakes]
    assert confidences == sorted(confidences, reverse=True)
    relabelled = np.flatnonzero((writers == _WRITER) & (digits == 3))
    read_as_two = [m for m in mistakes if m["index"] in relabelled and m["answer"] == 2]
    assert read_as_two, "the trained models should read the relabelled 2s as 2s"
    mnist_only = [name for name in names[1:] if reports["which_digit"][name]["trained_on"] == "MNIST"]
    for m in mistakes:
        assert m["writer"] == writers[m["index"]] and m["drawn"] == digits[m["index"]] and m["answer"] != m["drawn"]
        assert m["confidence"] == proba[m["index"]].max() and m["runner_up"] != m["answer"]
        assert list(m["mnist_only"]) == mnist_only
        for name, answer in m["mnist_only"].items():
            other = registry.load_model("which_digit", name, artifacts=artifacts)
            assert answer == other.classes_[other.predict_proba(images[m["index"]][None]).argmax()]


def test_a_binary_task_lists_its_own_classes(trained, tmp_path):
    artifacts, _ = trained
    source = _mislabelled(tmp_path, shape=5, label=3)
    images, digits, _ = pen_test_set(source)
    writers = load_pendigits(source, split="eval").writers
    mistakes = pen_mistakes("five_or_three", images, digits, writers, artifacts=artifacts)
    assert all(digits[m["index"]] in (3, 5) and m["drawn"] in (3, 5) for m in mistakes)
    assert any(m["writer"] == _WRITER and (m["drawn"], m["answer"]) == (3, 5) for m in mistakes)
    right = next(i for i in np.flatnonzero(np.isin(digits, (3, 5))) if i not in {m["index"] for m in mistakes})
    assert pen_mistakes("five_or_three", images[[right]], digits[[right]], writers[[right]], artifacts=artifacts) == []


def test_the_command_prints_the_mistakes_and_saves_their_images(trained, tmp_path, capsys):
    artifacts, _ = trained
    saved = tmp_path / "saved"
    assert main(["--artifacts", str(artifacts), "--pen-source", _mislabelled(tmp_path), "--save", str(saved)]) == 0
    out = capsys.readouterr().out
    wrong = int(re.search(r"which_digit, \S+: (\d+) wrong answers", out).group(1))
    assert wrong > 0 and len([line for line in out.splitlines() if re.match(r"\| \d+ \|", line)]) == wrong
    pictures = sorted(saved.glob("*.png"))
    assert len(pictures) == wrong and Image.open(pictures[0]).size == (112, 112)


def test_missing_pen_data_is_one_line(trained, capsys, monkeypatch):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--artifacts", str(trained[0])]) == 2
    assert "error: No pen digits: pass a path to pendigits-orig.tra or set PENDIGITS_PATH" in capsys.readouterr().err


def test_no_models_is_one_line(small_pen, tmp_path, capsys):
    assert main(["--artifacts", str(tmp_path), "--pen-source", small_pen]) == 2
    assert capsys.readouterr().err.startswith("error: No trained models")
