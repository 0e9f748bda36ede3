import numpy as np
import pytest

from digit_model.studies.personal import main


@pytest.mark.slow
def test_the_benchmark_prints_a_row_per_k_on_the_small_pen_file(small_pen, capsys):
    assert main(["--pen-source", small_pen, "--k", "1"]) == 0
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| k per digit | writers | digits read | accuracy without | accuracy with |")
    assert table[1].startswith("| 1 | 10 | 100 |")  # 10 evaluation writers, 20 digits each, 10 taught
    assert table[2] == "| drawings | build (ms) | answer (ms, median) | leave-one-out (s) |"
    assert [row.split(" | ")[0] for row in table[3:]] == ["| 100", "| 200"]  # and all of the file's 200, fewer than the most kept


def test_the_benchmark_refuses_a_bad_k_in_one_line(small_pen, capsys):
    assert main(["--pen-source", small_pen, "--k", "0"]) == 2
    assert capsys.readouterr().err.startswith("error: Each --k must be at least 1")


@pytest.mark.slow
def test_a_model_that_learned_the_training_writers_is_tuned_as_a_copy_that_never_saw_half_of_them(small_npz, small_pen):
    from digit_model.inputs.pendigits import TRAIN_WRITERS, load_pendigits
    from digit_model.studies.personal import tuning_model
    from digit_model.tasks import get_task

    task = get_task("which_digit")
    model, learned, unseen = tuning_model(task, "gradient_svm_pen", source=small_npz, pen_source=small_pen,
                                          log=lambda message: None)
    assert learned and unseen and not set(learned) & set(unseen) and set(learned) | set(unseen) == set(TRAIN_WRITERS)
    pen = load_pendigits(small_pen, split="train").by_writers(unseen)
    assert set(pen.writers.tolist()) == set(unseen)
    assert model.predict_proba(np.zeros((1, 28, 28), np.uint8)).shape == (1, 10)
    shipped, learned, unseen = tuning_model(task, "gradient_svm", log=lambda message: None)
    assert learned == () and unseen == TRAIN_WRITERS and shipped.classes_.tolist() == list(range(10))


@pytest.mark.slow
def test_tuning_prints_the_settings_best_first_on_writers_the_model_never_saw(small_pen, capsys):
    from digit_model.inputs.pendigits import TRAIN_WRITERS

    # A model of MNIST alone, tuned as shipped on every training writer (the refitted copy is tested above).
    assert main(["--tune", "--k", "1", "--model", "gradient_svm", "--pen-source", small_pen]) == 0
    out = capsys.readouterr().out
    assert f"on the pen TRAINING writers {', '.join(map(str, TRAIN_WRITERS))}, whom it never learned from" in out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0] == "| k | prior | bandwidth | k=1 taught | mean |" and len(table) == 1 + 12  # the separator row starts "|-"
    means = [float(row.split(" | ")[-1].rstrip(" |")) for row in table[1:]]
    assert means == sorted(means, reverse=True)
