"""Charts of answers and reports, in Altair (plain Vega-Lite where a chart is redrawn for every
drawing); each marks the Draw page's threshold where it applies."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

__all__ = [
    "probability_bars", "digit_counts", "confusion_heatmap", "threshold_curves", "pr_curve", "roc_curve", "per_class_bars",
    "per_digit_accuracy", "reliability_diagram", "risk_coverage_curve", "refusal_curve", "threshold_strip",
]

_HEIGHT = 280
_COLOURS = {"precision": "#1c7ed6", "recall": "#f08c00", "f1": "#2f9e44"}  # the same metric, the same colour
_CELL = 52  # confusion matrix cell, in pixels
_MARK = "#d6336c"  # the current threshold, in every chart
_DRAWN = "#845ef7"  # the visitor's drawing: a violet that shows on the light and the dark theme alike
# The four outcomes at a threshold: right answers in greens, mistakes in warm colours.
_OUTCOME_COLOURS = {"true positive": "#2f9e44", "false positive": "#f08c00", "false negative": "#e03131",
                    "true negative": "#8ce99a"}


def probability_bars(probabilities: dict[str, float], chosen: str) -> dict:
    """One bar per class, the answer highlighted.

    A Vega-Lite spec written out rather than an Altair chart: this chart is redrawn for every
    drawing, and building it with Altair (which validates the spec against its schema) cost the
    server 7.5 ms of CPU each time, against 0.5 ms for ``st.vega_lite_chart`` with this spec.
    """
    values = [{"class": name, "probability": p, "answer": name == chosen} for name, p in probabilities.items()]
    return {
        "data": {"values": values},
        "height": 220,
        "mark": "bar",
        "encoding": {
            "x": {"field": "class", "type": "nominal", "sort": None, "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "probability", "type": "quantitative", "scale": {"domain": [0, 1]}, "axis": {"format": "%"}},
            "color": {"field": "answer", "type": "nominal", "legend": None,
                      "scale": {"domain": [False, True], "range": ["#adb5bd", _MARK]}},
            "tooltip": [{"field": "class"}, {"field": "probability", "type": "quantitative", "format": ".1%"}],
        },
    }


def digit_counts(counts: np.ndarray) -> alt.Chart:
    """How many drawings of each digit 0-9 a visitor has labelled, one bar per digit."""
    data = pd.DataFrame({"digit": [str(digit) for digit in range(10)], "drawings": np.asarray(counts)})
    return alt.Chart(data, height=160).mark_bar(color="#1c7ed6").encode(
        x=alt.X("digit:N", sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("drawings:Q", axis=alt.Axis(tickMinStep=1)),
        tooltip=["digit", "drawings"],
    )


def confusion_heatmap(matrix: np.ndarray, labels: list[str], normalisation: str) -> alt.LayerChart:
    """Rows are the true class, columns the predicted one; each cell is labelled with its value."""
    rows = [
        {"true": labels[i], "predicted": labels[j], "value": float(matrix[i, j])}
        for i in range(len(labels)) for j in range(len(labels))
    ]
    data = pd.DataFrame(rows)
    counts = normalisation == "counts"
    data["text"] = data["value"].map(lambda v: f"{v:.0f}" if counts else (f"{v:.0%}" if v else ""))
    base = alt.Chart(data).encode(
        x=alt.X("predicted:N", sort=labels, title="predicted class", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("true:N", sort=labels, title="true class"),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("value:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["true", "predicted", alt.Tooltip("value:Q", format=".0f" if counts else ".1%")],
    )
    peak = float(matrix.max()) or 1.0
    text = base.mark_text(fontSize=11).encode(
        text="text:N",
        color=alt.condition(alt.datum.value > peak / 2, alt.value("white"), alt.value("black")),
    )
    return (cells + text).properties(width=alt.Step(_CELL), height=alt.Step(_CELL))


def threshold_curves(report: dict, threshold: float) -> alt.LayerChart:
    """Precision and recall of the positive class as the threshold moves, the current one as a rule."""
    pr = report["pr"]
    data = pd.DataFrame({"threshold": pr["threshold"], "precision": pr["precision"], "recall": pr["recall"]})
    metrics = ["precision", "recall"]
    lines = alt.Chart(data, height=_HEIGHT).transform_fold(metrics, as_=["metric", "value"]).mark_line().encode(
        x=alt.X("threshold:Q", scale=alt.Scale(domain=[0, 1]), title="threshold: P(positive) needed to answer yes"),
        y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 1]), title=None),
        color=_metric_colours(metrics),
    )
    rule = alt.Chart(pd.DataFrame({"threshold": [threshold]})).mark_rule(color=_MARK, strokeDash=[4, 3]).encode(x="threshold:Q")
    return lines + rule


def pr_curve(report: dict, point: dict[str, float | None]) -> alt.LayerChart | alt.Chart:
    """Precision against recall over all thresholds, the current threshold as a dot."""
    return _curve(report["pr"], x="recall", y="precision", point=point)


def roc_curve(report: dict, point: dict[str, float | None]) -> alt.LayerChart | alt.Chart:
    """True-positive rate (recall) against false-positive rate, the current threshold as a dot."""
    roc = {"false_positive_rate": report["roc"]["fpr"], "recall": report["roc"]["tpr"]}
    return _curve(roc, x="false_positive_rate", y="recall", point=point)


def _curve(columns: dict[str, list[float]], *, x: str, y: str, point: dict[str, float | None]) -> alt.LayerChart | alt.Chart:
    # One line of the report's curve and the operating point on it; both axes are rates in [0, 1].
    titles = {"false_positive_rate": "false-positive rate", "recall": "recall (true-positive rate)", "precision": "precision"}
    data = pd.DataFrame({x: columns[x], y: columns[y]})
    line = alt.Chart(data, height=_HEIGHT).mark_line().encode(
        x=alt.X(f"{x}:Q", scale=alt.Scale(domain=[0, 1]), title=titles[x]),
        y=alt.Y(f"{y}:Q", scale=alt.Scale(domain=[0, 1]), title=titles[y]),
        order=alt.Order(f"{x}:Q"),
    )
    if point[x] is None or point[y] is None:  # undefined where no test digit reaches the threshold
        return line
    dot = alt.Chart(pd.DataFrame({x: [point[x]], y: [point[y]]})).mark_point(
        color=_MARK, filled=True, size=120
    ).encode(x=f"{x}:Q", y=f"{y}:Q", tooltip=[alt.Tooltip(f"{x}:Q", format=".3f"), alt.Tooltip(f"{y}:Q", format=".3f")])
    return line + dot


def _metric_colours(metrics: list[str]) -> alt.Color:
    return alt.Color(
        "metric:N",
        scale=alt.Scale(domain=metrics, range=[_COLOURS[metric] for metric in metrics]),
        legend=alt.Legend(orient="bottom", title=None),
    )


def per_class_bars(report: dict, labels: list[str]) -> alt.Chart:
    """Precision, recall and F1 side by side for each class, as dots: the axis does not start at zero."""
    data = pd.DataFrame(report["per_class"]).assign(label=labels)
    metrics = ["precision", "recall", "f1"]
    return alt.Chart(data, height=_HEIGHT).transform_fold(metrics, as_=["metric", "value"]).mark_point(filled=True, size=90).encode(
        x=alt.X("label:N", sort=labels, title="class", axis=alt.Axis(labelAngle=0)),
        xOffset="metric:N",
        y=alt.Y("value:Q", scale=alt.Scale(zero=False), title=None),
        color=_metric_colours(metrics),
        tooltip=["label:N", "metric:N", alt.Tooltip("value:Q", format=".3f")],
    )


def per_digit_accuracy(report: dict) -> alt.Chart:
    """Accuracy on each digit of the unseen pen writers, beside MNIST test's where the report has it (0-9)."""
    rows = [{"digit": digit, "benchmark": "pen, unseen writers", "accuracy": value} for digit, value in report["pen"]["per_digit"].items()]
    if len(report["classes"]) == 10:
        rows += [{"digit": str(c["class"]), "benchmark": "MNIST test", "accuracy": c["recall"]} for c in report["per_class"]]
    return alt.Chart(pd.DataFrame(rows), height=_HEIGHT).mark_point(filled=True, size=90).encode(
        x=alt.X("digit:N", title="digit", axis=alt.Axis(labelAngle=0)),
        xOffset="benchmark:N",
        y=alt.Y("accuracy:Q", scale=alt.Scale(zero=False), axis=alt.Axis(format="%"), title=None),
        color=alt.Color("benchmark:N", legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["digit:N", "benchmark:N", alt.Tooltip("accuracy:Q", format=".1%")],
    )


def _benchmarks(report: dict) -> list[tuple[str, dict]]:
    # The calibration figures of the report, MNIST test first, then the unseen pen writers.
    named = [("MNIST test", report["calibration"])]
    return named + ([("pen, unseen writers", report["pen"]["calibration"])] if "pen" in report else [])


def reliability_diagram(report: dict) -> alt.LayerChart:
    """Accuracy against confidence, bin by bin (dot size: answers in the bin); the diagonal is honest."""
    rows = [dict(bin, benchmark=name) for name, figures in _benchmarks(report) for bin in figures["reliability"]]
    dots = alt.Chart(pd.DataFrame(rows), height=_HEIGHT).mark_circle(opacity=0.8).encode(
        x=alt.X("confidence:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="confidence claimed"),
        y=alt.Y("accuracy:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="share right"),
        size=alt.Size("n:Q", legend=None, scale=alt.Scale(type="log")),
        color=alt.Color("benchmark:N", legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["benchmark:N", alt.Tooltip("confidence:Q", format=".1%"), alt.Tooltip("accuracy:Q", format=".1%"), "n:Q"],
    )
    diagonal = alt.Chart(pd.DataFrame({"confidence": [0, 1], "accuracy": [0, 1]})).mark_line(
        color="#adb5bd", strokeDash=[4, 3]
    ).encode(x="confidence:Q", y="accuracy:Q")
    return diagonal + dots


def risk_coverage_curve(report: dict, sure_coverage: float) -> alt.LayerChart:
    """Accuracy of the answers kept as the least confident are set aside; a rule at the share of
    answers the "not sure" level keeps (``sure_coverage``)."""
    rows = [
        {"benchmark": name, "coverage": c, "accuracy": a, "confidence": k}
        for name, figures in _benchmarks(report)
        for c, a, k in zip(*(figures["risk_coverage"][key] for key in ("coverage", "accuracy", "confidence")))
    ]
    data = pd.DataFrame(rows)
    lines = alt.Chart(data, height=_HEIGHT).mark_line().encode(
        x=alt.X("coverage:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="share of answers kept"),
        y=alt.Y("accuracy:Q", scale=alt.Scale(zero=False), axis=alt.Axis(format="%"), title="share of kept answers right"),
        color=alt.Color("benchmark:N", legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["benchmark:N", alt.Tooltip("coverage:Q", format=".0%"), alt.Tooltip("accuracy:Q", format=".2%"),
                 alt.Tooltip("confidence:Q", format=".1%", title="lowest confidence kept")],
    )
    rule = alt.Chart(pd.DataFrame({"coverage": [sure_coverage]})).mark_rule(color=_MARK, strokeDash=[4, 3]).encode(x="coverage:Q")
    return lines + rule


def refusal_curve(study: dict) -> alt.LayerChart:
    """Non-digits caught against real digits refused as the not-a-digit threshold moves; the shipped one marked."""
    axes = {
        "x": alt.X("digits_refused:Q", axis=alt.Axis(format="%"), title="unseen writers' real digits refused"),
        "y": alt.Y("non_digits_caught:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="non-digits caught"),
    }
    line = alt.Chart(pd.DataFrame(study["tradeoff"]), height=_HEIGHT).mark_line(point=True).encode(
        **axes,
        tooltip=[alt.Tooltip("threshold:Q", format=".3f"), alt.Tooltip("digits_refused:Q", format=".1%"),
                 alt.Tooltip("non_digits_caught:Q", format=".1%")],
    )
    shipped = alt.Chart(pd.DataFrame([study["point"]])).mark_point(color=_MARK, size=160, filled=True).encode(**axes)
    return line + shipped


def threshold_strip(strip: dict, threshold: float, labels: list[str], *, pictures: list[str] | None = None,
                    drawn: float | None = None) -> alt.LayerChart:
    """Test digits in order of the model's score, one column each, in a row for their true class.

    Each digit is coloured by what the threshold makes of it; the threshold is the pink line
    between the last digit below it and the first at or above it. ``pictures`` (PNG data URLs,
    one per digit) draws the digits themselves; ``drawn`` places the visitor's last drawing.
    """
    digits = pd.DataFrame(strip["digits"])
    scores = digits["score"].to_numpy()  # ascending, as threshold_strip orders them
    digits["rank"] = np.arange(len(digits))
    digits["row"] = np.where(digits["is_positive"], f"real {labels[1]}s", f"real {labels[0]}s")
    rows = [f"real {labels[1]}s", f"real {labels[0]}s"]
    x = alt.X("rank:Q", title=f"test digits in order of P({labels[1]}), lowest left", axis=None,
              scale=alt.Scale(domain=[-1, len(digits)]))
    y = alt.Y("row:N", sort=rows, title=None)
    tooltip = ["index", "digit", alt.Tooltip("score:Q", format=".4f"), "outcome"]
    chart = alt.Chart(digits, height=150).mark_square(size=220, opacity=0.9).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("outcome:N", scale=alt.Scale(domain=list(_OUTCOME_COLOURS), range=list(_OUTCOME_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
    )
    if pictures is not None:
        chart += alt.Chart(digits.assign(picture=pictures)).mark_image(width=10, height=10).encode(
            x=x, y=y, url="picture:N", tooltip=tooltip
        )
    cut = float(np.searchsorted(scores, threshold)) - 0.5
    chart += alt.Chart(pd.DataFrame({"rank": [cut]})).mark_rule(color=_MARK, strokeWidth=2).encode(x="rank:Q")
    if drawn is not None:
        placed = pd.DataFrame({"rank": [float(np.searchsorted(scores, drawn)) - 0.5],
                               "score": [drawn], "row": [rows[0]]})
        chart += alt.Chart(placed).mark_point(shape="triangle-down", size=260, color=_DRAWN, filled=True,
                                              yOffset=-18).encode(
            x="rank:Q", y=y, tooltip=[alt.Tooltip("score:Q", format=".4f", title="your drawing")]
        )
    return chart
