"""The explanation cost command: what occlusion and the nearest digits cost each shipped model."""

import pytest

from digit_model.studies.explain_costs import main as explain_bench
from digit_model.training import registry
from tests.helpers import needs_mnist


def test_the_cost_command_refuses_a_patch_that_does_not_fit(capsys):
    with pytest.raises(SystemExit) as stopped:
        explain_bench(["--patch", "30"])
    assert stopped.value.code == 2 and "--patch must be from 1 to 28" in capsys.readouterr().err


@pytest.mark.slow
@needs_mnist
def test_the_cost_command_prints_a_row_per_shipped_model(capsys):
    assert explain_bench(["--drawings", "2", "--size", "50", "--repeats", "1", "--patch", "6", "--stride", "3"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Occlusion: 6x6 patches every 3 pixels")
    assert printed.count("\n| ") == 1 + sum(len(names) for names in registry.list_models().values())  # header + rows
