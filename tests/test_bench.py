from digit_model.bench import main


def test_the_benchmark_prints_every_model_with_its_drawn_digit_accuracy(trained, small_npz, capsys):
    artifacts, reports = trained
    assert main(["--artifacts", str(artifacts), "--repeats", "3", "--drawn", "60", "--source", small_npz]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert "MNIST accuracy" in header and "drawn accuracy" in header and "latency median (ms)" in header
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == sum(len(by_model) for by_model in reports.values())
    assert all("%" in row.split("|")[4] for row in rows)  # the drawn accuracy was measured for each


def test_the_benchmark_says_what_is_missing_in_one_line(tmp_path, capsys):
    assert main(["--artifacts", str(tmp_path), "--drawn", "0"]) == 2
    assert "error: No trained models" in capsys.readouterr().err


def test_the_ablation_reports_every_step(small_npz, capsys):
    from digit_model.ablation import STEPS
    from digit_model.ablation import main as ablation

    assert ablation(["--source", small_npz, "--drawn", "40", "--limit", "400"]) == 0
    out = capsys.readouterr().out
    for step, _ in STEPS:
        assert f"| {step} | " in out
