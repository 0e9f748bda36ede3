"""Readings of the test-set reports that the pages show as tables, points and galleries."""

from __future__ import annotations

import math

import pandas as pd

from digit_model.tasks import Task
from ui import cache

__all__ = ["comparison", "mistakes", "page_of", "kept_when_sure", "PAGE_SIZE", "LATENCY_KEY"]

PAGE_SIZE = 24
LATENCY_KEY = "latency_ms"  # written by the benchmark when it has measured the model


def comparison(task: Task, names: list[str]) -> pd.DataFrame:
    """One row per model; binary tasks show the positive class's precision, recall and F1, and ROC AUC.

    "Pen accuracy" (and "Pen F1") are on the unseen pen writers, where the report measured them.
    """
    prefix = "positive_" if task.is_binary else ""
    rows = []
    for name in names:
        report = cache.report(task.id, name)
        row = {
            "Model": name,
            "Trained on": report["trained_on"],
            "Accuracy": report["accuracy"],
            "Precision": report[f"{prefix}precision"],
            "Recall": report[f"{prefix}recall"],
            "F1": report[f"{prefix}f1"],
        }
        if task.is_binary:
            row["ROC AUC"] = report["roc_auc"]
        if "pen" in report:
            row["Pen accuracy"] = report["pen"]["accuracy"]
            if task.is_binary:
                row["Pen F1"] = report["pen"]["positive_f1"]
        row["Size (MB)"] = report["file_bytes"] / 1e6
        row["Training (s)"] = report["train_seconds"]
        if LATENCY_KEY in report:
            row["Latency (ms)"] = report[LATENCY_KEY]
        row["Description"] = report["description"]
        rows.append(row)
    return pd.DataFrame(rows)


def mistakes(report: dict, *, true, predicted, by_index: bool, any_value: str) -> list[dict]:
    """The report's errors whose true and predicted class match the filters (``any_value`` matches all)."""
    chosen = [
        error for error in report["errors"]
        if true in (any_value, error["true"]) and predicted in (any_value, error["predicted"])
    ]
    return sorted(chosen, key=lambda error: error["index"]) if by_index else chosen


def page_of(items: list, page: int) -> tuple[list, int]:
    """The items on 1-based ``page`` of ``PAGE_SIZE``, and the number of pages (at least 1)."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages


def kept_when_sure(figures: dict, sure_from: float) -> tuple[float, float]:
    """``(share answered plainly, their accuracy)`` when answers below ``sure_from`` are "not sure",
    read off a report's risk-coverage curve (to the nearest percent of coverage)."""
    curve = figures["risk_coverage"]
    kept = [i for i, confidence in enumerate(curve["confidence"]) if confidence >= sure_from]
    return (curve["coverage"][kept[-1]], curve["accuracy"][kept[-1]]) if kept else (0.0, 1.0)
