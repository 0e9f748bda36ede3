from digit_model.bench import main


def test_the_benchmark_prints_every_model_with_its_drawn_and_pen_accuracy(trained, small_npz, small_pen, capsys):
    artifacts, reports = trained
    args = ["--artifacts", str(artifacts), "--repeats", "3", "--drawn", "60", "--source", small_npz, "--pen-source", small_pen]
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


def test_the_benchmark_says_what_is_missing_in_one_line(tmp_path, capsys, monkeypatch):
    assert main(["--artifacts", str(tmp_path), "--drawn", "0", "--no-pen"]) == 2
    assert "error: No trained models" in capsys.readouterr().err
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--drawn", "0"]) == 2
    assert "error: No pen digits: pass a path to pendigits-orig.tra or set PENDIGITS_PATH" in capsys.readouterr().err


def test_the_ablation_reports_every_step(small_npz, capsys):
    from digit_model.studies.ablation import STEPS
    from digit_model.studies.ablation import main as ablation

    assert ablation(["--source", small_npz, "--drawn", "40", "--limit", "400"]) == 0
    out = capsys.readouterr().out
    for step, _ in STEPS:
        assert f"| {step} | " in out
