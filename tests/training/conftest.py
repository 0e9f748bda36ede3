"""The training tests' shared fixture: a scratch copy of the models trained on the small data."""

import shutil

import pytest


@pytest.fixture
def copy_of(trained, tmp_path):
    """A copy of every trained model's folder, to alter without touching the session's."""
    artifacts, _ = trained
    shutil.copytree(artifacts, tmp_path / "artifacts")
    return tmp_path / "artifacts"
