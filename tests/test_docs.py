"""The README's commands are the ones that work: CI runs its test command verbatim, and every
`python -m` command in the README and docs/ names a module of this repository that runs."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]
QUICK_RUN = 'python -m pytest -m "not slow and not browser"'
# Commands of installed tools rather than of this repository.
_TOOLS = {"pip", "pytest"}


def _commands(text: str) -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", text)


def _modules(text: str) -> set[str]:
    # A command may wrap onto the next line between `-m` and the module; `studies.<name>` stands for any study.
    named = (name.rstrip(".") for name in re.findall(r"python -m\s+([\w.<>]+)", text))
    return {name for name in named if "<" not in name}


def test_the_readme_gives_the_app_command_and_ci_runs_its_test_command_verbatim():
    start, test = _commands(README.read_text())[:2]
    assert start.endswith("streamlit run app.py") and "requirements.txt" in start
    assert "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci_lines[-1] == test


def test_the_readme_gives_the_quick_run_without_the_slow_and_browser_tests():
    assert QUICK_RUN in README.read_text()


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_every_python_m_command_names_a_module_of_the_repository_that_runs(page):
    for module in sorted(_modules(page.read_text()) - _TOOLS):
        path = ROOT.joinpath(*module.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__main__.py").is_file(), (
            f"{page.relative_to(ROOT)} runs `python -m {module}`, but the repository has no such command"
        )


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_every_link_to_a_file_of_the_repository_points_at_one(page):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
        if "://" not in target:
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to {target}, which does not exist"


def test_the_readme_lists_every_name_of_the_public_api():
    import digit_model

    listed = set(re.findall(r"`(\w+)`", README.read_text()))
    assert set(digit_model.__all__) <= listed, f"missing from README.md: {sorted(set(digit_model.__all__) - listed)}"


def _table(text: str, header_start: str) -> list[dict]:
    """The Markdown table whose header starts with ``header_start``, as a dict per row."""
    lines = text[text.index(header_start):].split("\n\n")[0].splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[2:]]


def test_the_readme_s_headline_rows_are_the_default_models_rows_of_docs_results():
    headline = _table(README.read_text(), "| task | default model |")
    rows = _table((ROOT / "docs" / "results.md").read_text(), "| task | model |")
    results = {row["task"]: row for row in rows if row["model"].endswith(" (default)")}
    assert len(headline) == 3
    for row in headline:
        task = re.search(r"`(\w+)`\)$", row["task"])[1]
        measured = results[task]
        assert measured["model"] == row["default model"].strip("`") + " (default)"
        assert (row["MNIST test"], row["pen digits, unseen writers"]) == (
            measured["MNIST accuracy"], measured["pen accuracy (unseen writers)"]
        )
        assert (row["latency median (ms)"], row["file (MB)"]) == (measured["latency median (ms)"], measured["file (MB)"])


def test_the_readme_s_not_a_digit_figures_are_those_of_docs_results():
    results = (ROOT / "docs" / "results.md").read_text()
    digits = {row["real digits"].split(" ")[0]: row["refused"] for row in _table(results, "| real digits |")}
    caught = {row["kind"]: row for row in _table(results, "| kind |")}["all"]
    assert _readme_says(
        f"Not a digit: {caught['caught']} of {int(caught['drawings']):,} drawn letters, shapes, symbols, scribbles, "
        f"digit pairs and crossed-out digits are caught, while {digits['unseen']} of "
        f"the unseen writers' digits and {digits['MNIST']} of MNIST's test digits are refused"
    )


def test_the_readme_s_whole_number_figures_are_those_of_docs_results():
    rows = _table((ROOT / "docs" / "results.md").read_text(), "| numbers | layout |")
    four = next(row for row in rows if (row["numbers"], row["layout"], row["digits"]) == ("pen", "gaps", "4"))
    assert _readme_says(
        f"of those writers' four-digit numbers written with gaps, {four['whole number, image']} are read whole and "
        f"right from the image alone ({four['right count, image']} split into the right count of digits) and "
        f"{four['whole number, strokes']} with the canvas's strokes"
    )


def _readme_says(sentence: str) -> bool:
    """Whether the README holds the sentence, however its lines are wrapped."""
    return sentence in " ".join(README.read_text().split())
