"""The README's two commands are the ones that work: CI runs the test command verbatim."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands(text: str) -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", text)


def test_the_readme_gives_the_app_command_and_ci_runs_its_test_command_verbatim():
    start, test = _commands((ROOT / "README.md").read_text())[:2]
    assert start.endswith("streamlit run app.py") and "requirements.txt" in start
    assert "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci_lines[-1] == test

