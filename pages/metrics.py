"""The task's models on MNIST test and on unseen writers: scores, honesty of the confidence, mistakes."""

import numpy as np
import pandas as pd
import streamlit as st

from digit_model.evaluation.scoring import NORMALISATIONS, at_threshold, confusion
from digit_model.evaluation.views import OUTCOMES, figure_3_11, threshold_strip
from ui import cache, charts, state
from ui.guard import or_go_on, or_stop
from ui.pictures import data_url, enlarged, mosaic
from ui.reports import comparison, kept_when_sure

task, model_name = state.selection()
st.title(f"Metrics - {task.label}")
st.caption(task.description)


def all_models(table: pd.DataFrame, report: dict) -> None:
    """Every model of the task side by side, and why the pen column is the fairer guess."""
    st.subheader("All models of this task")
    percent = st.column_config.NumberColumn(format="%.2f%%")
    rates = [name for name in ("Accuracy", "Precision", "Recall", "F1", "Pen accuracy", "Pen F1") if name in table]
    st.dataframe(
        table.assign(**{name: table[name] * 100 for name in rates}),
        hide_index=True,
        column_config={
            **dict.fromkeys(rates, percent),
            "ROC AUC": st.column_config.NumberColumn(format="%.5f"),
            "Size (MB)": st.column_config.NumberColumn(format="%.2f"),
            "Training (s)": st.column_config.NumberColumn(format="%.1f"),
            "Latency (ms)": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    scope = f"the positive class ({task.class_label(task.classes[1])})" if task.is_binary else "the average over classes"
    st.caption(
        f"Test-set scores on {report['n_test']:,} MNIST digits; precision, recall and F1 are for {scope}. "
        "*Pen accuracy* is on real pen-drawn digits of writers no model ever learned from, drawn stroke by stroke "
        "on the app's canvas; *Trained on* says whether a model also learned from other writers' pen digits."
    )
    st.info(
        "MNIST accuracy overstates how well a model reads *you*: a test set only speaks for the population it was "
        "drawn from, and MNIST's test digits come from the same writers' styles as its training digits. New writers "
        "bring styles MNIST rarely shows (a 7 with a crossbar, a 1 with a flag and a base), so the pen column is the "
        "fairer guess of what the Draw page will do with your handwriting.",
        icon=":material/school:",
    )


def on_unseen_writers(report: dict) -> None:
    """The selected model digit by digit on pen digits of writers it never learned from."""
    st.subheader(f"{model_name} on unseen writers, digit by digit")
    st.altair_chart(charts.per_digit_accuracy(report), width="stretch")
    st.caption(
        f"Share of each digit read right: pen digits of writers {', '.join(map(str, report['pen']['writers']))} "
        f"({report['pen']['n']:,} digits){' beside MNIST test' if not task.is_binary else ''}. "
        "The lowest dots are the styles this model has not learned."
    )


def how_honest(report: dict) -> None:
    """Whether the model's confidence can be taken at its word, and what the "not sure" level does."""
    st.subheader(f"How honest is {model_name}'s confidence?")
    # What the "not sure" level does, on the unseen writers where the report has them.
    kept, right = kept_when_sure(report.get("pen", report)["calibration"], task.sure_from)
    reliability, coverage = st.columns(2)
    with reliability:
        st.altair_chart(charts.reliability_diagram(report), width="stretch")
        st.caption(
            "How to read this: each dot is the answers given with about that confidence; on the dashed diagonal, "
            "\"90% sure\" is right 90% of the time, below it the model claims more than it delivers."
        )
    with coverage:
        st.altair_chart(charts.risk_coverage_curve(report, kept), width="stretch")
        st.caption(
            "How to read this: set aside the least confident answers (right to left) and the answers kept get "
            "more accurate; the pink line is where the Draw page starts saying \"I'm not sure\"."
        )
    if "pen" in report:
        st.info(
            f"The Draw page says \"I'm not sure\" below {task.sure_from:.2%} confidence, the level that sets aside the "
            f"least sure 2% of the training writers' answers. On the unseen writers, {model_name} answers {kept:.0%} of "
            f"digits plainly, and {right:.2%} of those answers are right (ECE {report['pen']['calibration']['ece']:.4f}; "
            f"on MNIST test {report['calibration']['ece']:.4f}). A probability is only as honest as the data it was "
            "calibrated on.",
            icon=":material/balance:",
        )


def confusions(report: dict, labels: list[str]) -> None:
    """Which classes the model confuses, as counts, by true class, or errors only."""
    st.subheader(f"Confusion matrix of {model_name}")
    normalisation = st.segmented_control(
        "Show", NORMALISATIONS, key=state.NORMALISATION, required=True, persist_state="session"
    )
    st.altair_chart(charts.confusion_heatmap(confusion(report, normalisation), labels, normalisation), width="content")
    st.caption(
        "Each row is a true class and each column the model's answer: the diagonal holds the right answers, "
        "any other bright cell is a pair of classes the model confuses."
    )


def threshold_digit_by_digit(report: dict, labels: list[str]) -> float:
    """The threshold slider shared with the Draw page, and the test digits it sorts into four outcomes."""
    st.subheader("The threshold, digit by digit")
    threshold = state.threshold_slider(labels[1])
    with or_go_on():
        images, test_labels = cache.mnist_test(report["test_sha256"])
        strip = threshold_strip(report, threshold, test_labels=test_labels)
        st.altair_chart(
            charts.threshold_strip(
                strip, threshold, labels, pictures=[data_url(images[d["index"]]) for d in strip["digits"]],
                drawn=state.drawn_score(),
            ),
            width="stretch",
        )
        st.caption(
            f"Test digits in order of the model's P({labels[1]}), lowest left, in a row for their true class; everything "
            f"right of the pink line is answered {labels[1]}. Move the threshold and watch digits change colour as they "
            "cross it. The violet triangle is your last drawing on the Draw page."
        )
        for column, outcome in zip(st.columns(4), OUTCOMES):
            column.metric(outcome.capitalize() + "s", f"{strip['counts'][outcome]:,}")
    return threshold


def trade_off(report: dict, labels: list[str], threshold: float) -> None:
    """Precision and recall against the threshold, the precision-recall curve and the ROC curve, the threshold marked."""
    point = at_threshold(report, threshold)
    st.subheader(f"The precision/recall trade-off at threshold {threshold:.2f}")
    st.caption("The threshold is the one set here and on the Draw page; it is marked in pink in every chart.")
    if point["precision"] is None:
        st.caption(
            "No test digit reaches this threshold, so precision is undefined and the precision-recall curve has no dot."
        )
    by_threshold, pr, roc = st.columns(3)
    with by_threshold:
        st.altair_chart(charts.threshold_curves(report, threshold), width="stretch")
        st.caption("Precision and recall as the threshold moves: raising it makes the model surer but it finds fewer.")
    with pr:
        st.altair_chart(charts.pr_curve(report, point), width="stretch")
        st.caption("Precision against recall for every threshold: the closer the curve hugs the top right, the better.")
    with roc:
        st.altair_chart(charts.roc_curve(report, point), width="stretch")
        st.caption(
            f"Real {labels[1]}s found against false alarms, for every threshold; "
            f"the area under it is the ROC AUC ({report['roc_auc']:.5f})."
        )


def per_class(report: dict, labels: list[str]) -> None:
    """Precision, recall and F1 for each digit of a many-class task."""
    st.subheader("Per class")
    st.altair_chart(charts.per_class_bars(report, labels), width="stretch")
    st.caption("Precision, recall and F1 for each digit: the lowest dots are the digits this model finds hardest.")


def figure_3_11_live(report: dict, labels: list[str]) -> None:
    """The book's figure 3-11 from this model: 3s and 5s by true and predicted class."""
    st.subheader("Figure 3-11, live: 3s and 5s by true and predicted class")
    with or_go_on():
        images, test_labels = cache.mnist_test(report["test_sha256"])
        grid = figure_3_11(report, test_labels=test_labels)
        for true, row in enumerate(grid["examples"]):
            for column, predicted, shown in zip(st.columns(2), range(2), row):
                count = grid["counts"][true][predicted]
                column.image(
                    enlarged(mosaic(images[shown]), 280) if shown else enlarged(np.zeros((28, 28), np.uint8), 28),
                    caption=f"true {labels[true]}, predicted {labels[predicted]}: {count:,} digit{'s' if count != 1 else ''}"
                    + (f" (the {len(shown)} shown {'most confident first' if true != predicted else 'first by index'})" if shown else ""),
                )
        st.caption(
            "As in the book: the left column is what the model calls 3, the right what it calls 5, the top row real 3s, "
            "the bottom real 5s. The mistakes (top right, bottom left) are mostly digits whose top stroke joins the "
            "arc where a 3 and a 5 differ, slightly shifted or rotated: a linear model weighs single pixels there."
        )


def not_a_digit(study: dict | None) -> None:
    """The not-a-digit check's trade-off: non-digits caught against real digits refused, as its threshold moves."""
    st.subheader("Is it a digit at all?")
    if study is None:
        st.caption(
            "The Draw page says \"That does not look like a digit\" for a drawing its not-a-digit check flags. The "
            "check's trade-off was measured for the 0-9 default model: choose it to see the chart."
        )
        return
    st.altair_chart(charts.refusal_curve(study), width="stretch")
    point = study["point"]
    st.caption(
        f"Letters, shapes, symbols, scribbles, two digits at once and crossed-out digits, drawn with the canvas brush: "
        f"the share the check catches against the share of the unseen writers' real digits it refuses, as its "
        f"threshold moves. The pink dot is the threshold the app uses ({study['threshold']:.3f}, chosen on MNIST's "
        f"training digits only): {point['non_digits_caught']:.1%} caught, {point['digits_refused']:.2%} refused."
    )
    with st.expander("By kind of drawing"):
        st.dataframe(pd.DataFrame(study["kinds"]), hide_index=True)
        st.dataframe(pd.DataFrame(study["digits"]), hide_index=True)


with or_stop():
    table = comparison(task, cache.models()[task.id])
    report = cache.report(task.id, model_name)
labels = [task.class_label(value) for value in report["classes"]]

all_models(table, report)
if "pen" in report:
    on_unseen_writers(report)
how_honest(report)
not_a_digit(cache.non_digit_study(task.id, model_name))
confusions(report, labels)
if task.is_binary:
    trade_off(report, labels, threshold_digit_by_digit(report, labels))
else:
    per_class(report, labels)
if task.id == "five_or_three":
    figure_3_11_live(report, labels)
