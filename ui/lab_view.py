"""What the Lab page shows of trainings: the slider steps of a number, the grid search's table, and
the learning curve of a visitor's runs."""

from __future__ import annotations

import altair as alt
import pandas as pd

from digit_model.lab.estimators import Hyperparameter

__all__ = ["SIZES", "number_steps", "grid_table", "learning_curve"]

SIZES = (500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000)  # training digits the slider offers


def number_steps(parameter: Hyperparameter) -> list[float]:
    """1, 2 and 5 times each power of ten from the hyperparameter's low to its high, its default among them."""
    steps = [
        float(f"{mantissa}e{power}")
        for power in range(-9, 4) for mantissa in (1, 2, 5)
        if parameter.low <= float(f"{mantissa}e{power}") <= parameter.high
    ]
    return sorted({*steps, float(parameter.default)})


def grid_table(cv_results: list[dict], best: int) -> pd.DataFrame:
    """Exercise 1's results: each candidate's hyperparameters, fold accuracies, mean, spread and rank."""
    table = pd.DataFrame(cv_results)
    table.insert(0, "chosen", [row == best for row in range(len(table))])
    return table.sort_values("rank_test_score", kind="stable")


def learning_curve(runs: list[dict]) -> alt.Chart:
    """Accuracy against training digits, one colour per setup; filled dots on the test set, hollow ones cross-validated."""
    data = pd.DataFrame(runs).melt(
        id_vars=["model", "setup", "digits"], value_vars=["test", "cross-validated"], var_name="measured on",
        value_name="accuracy",
    )
    base = alt.Chart(data, height=300).encode(
        x=alt.X("digits:Q", scale=alt.Scale(type="log"), title="training digits"),
        y=alt.Y("accuracy:Q", scale=alt.Scale(zero=False), axis=alt.Axis(format="%")),
        color=alt.Color("setup:N", title="setup"),
    )
    lines = base.transform_filter(alt.datum["measured on"] == "test").mark_line()
    dots = base.mark_point(size=70).encode(
        shape=alt.Shape("measured on:N", scale=alt.Scale(domain=["test", "cross-validated"], range=["circle", "diamond"])),
        fill=alt.condition(alt.datum["measured on"] == "test", "setup:N", alt.value("transparent")),
        tooltip=["model", "setup", "digits", "measured on", alt.Tooltip("accuracy:Q", format=".2%")],
    )
    return lines + dots
