"""The mutation command's test server judges a mutant by the tests, never by a name the mutant lacks."""

import pytest

from tools.mutation_server import name_the_replaced_exception

# What Cosmic Ray makes of ``except OSError``: the exception it caught now goes on up.
_MUTANT = "try:\n    raise OSError('a damaged file')\nexcept CosmicRayTestingException:\n    pass\n"


def test_a_mutant_that_no_longer_catches_an_exception_lets_that_exception_through():
    name_the_replaced_exception()
    with pytest.raises(OSError, match="a damaged file"):  # not a NameError, which any test would count as a kill
        exec(_MUTANT, {})
