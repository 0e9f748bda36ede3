"""The mutation command's test server judges a mutant by the tests, never by a name the mutant lacks."""

import os
import subprocess
import sys

import pytest

from tools.mutation import compile_checked
from tools.mutation_server import name_the_replaced_exception

# What Cosmic Ray makes of ``except OSError``: the exception it caught now goes on up.
_MUTANT = "try:\n    raise OSError('a damaged file')\nexcept CosmicRayTestingException:\n    pass\n"


def test_a_mutant_that_no_longer_catches_an_exception_lets_that_exception_through():
    name_the_replaced_exception()
    with pytest.raises(OSError, match="a damaged file"):  # not a NameError, which any test would count as a kill
        exec(_MUTANT, {})


def test_a_mutant_written_over_compiled_bytecode_in_the_same_second_and_size_is_what_runs(tmp_path):
    """The copy's modules are compiled once; a mutant (same size, same second) must still run as changed."""
    package = tmp_path / "digit_model"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = package / "rule.py"
    module.write_text("LIMIT = 5\n")
    compile_checked(tmp_path)
    assert list((package / "__pycache__").glob("rule.*.pyc"))
    stat = module.stat()
    module.write_text("LIMIT = 6\n")  # Cosmic Ray's kind of change: one character
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    read = subprocess.run([sys.executable, "-B", "-c", "import digit_model.rule as r; print(r.LIMIT)"],
                          cwd=tmp_path, capture_output=True, text=True, check=True)
    assert read.stdout.strip() == "6"
