from digit_model.personal_bench import main


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
