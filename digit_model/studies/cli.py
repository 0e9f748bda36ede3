"""What every study command shares: its data options, its one-line errors and its Markdown tables."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digit_model.training.registry import ARTIFACTS

__all__ = ["parser", "fail", "markdown"]

# The data options the studies share, by name: where MNIST, the pen digits and the models are read from.
_OPTIONS = {
    "source": {"help": "MNIST .npz or IDX folder (default: $MNIST_PATH, else OpenML)"},
    "pen-source": {"help": "pendigits-orig.tra (default: $PENDIGITS_PATH)"},
    "artifacts": {"type": Path, "default": ARTIFACTS, "help": "the folder of trained models (default: the shipped ones)"},
}


def parser(module: str, doc: str, *options: str) -> argparse.ArgumentParser:
    """A parser for ``python -m module``, described by the first line of its ``doc``, with the named data options."""
    built = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.splitlines()[0])
    for option in options:
        built.add_argument(f"--{option}", **_OPTIONS[option])
    return built


def fail(error: Exception) -> int:
    """Say what went wrong in one line, as every command does, and return the exit status for bad input."""
    print(f"error: {error}", file=sys.stderr)
    return 2


def markdown(rows: list[dict]) -> str:
    """The rows as a Markdown table, their keys as the header."""
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(row[key]) for key in header) + " |" for row in rows]
    return "\n".join(lines)
