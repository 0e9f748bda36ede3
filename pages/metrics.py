"""How well each model of the selected task does on the MNIST test set, and where it goes wrong."""

import streamlit as st

from digit_model.evaluate import NORMALISATIONS, at_threshold, confusion
from ui import cache, charts, state
from ui.guard import or_stop
from ui.reports import comparison

task, model_name = state.selection()
st.title(f"Metrics - {task.label}")
st.caption(task.description)

with or_stop():
    table = comparison(task, cache.models()[task.id])
    report = cache.report(task.id, model_name)

st.subheader("All models of this task")
percent = st.column_config.NumberColumn(format="%.2f%%")
st.dataframe(
    table.assign(**{name: table[name] * 100 for name in ("Accuracy", "Precision", "Recall", "F1")}),
    hide_index=True,
    column_config={
        "Accuracy": percent, "Precision": percent, "Recall": percent, "F1": percent,
        "ROC AUC": st.column_config.NumberColumn(format="%.5f"),
        "Size (MB)": st.column_config.NumberColumn(format="%.2f"),
        "Training (s)": st.column_config.NumberColumn(format="%.1f"),
        "Latency (ms)": st.column_config.NumberColumn(format="%.2f"),
    },
)
scope = f"the positive class ({task.class_label(task.classes[1])})" if task.is_binary else "the average over classes"
st.caption(f"Test-set scores on {report['n_test']:,} digits; precision, recall and F1 are for {scope}.")

labels = [task.class_label(value) for value in report["classes"]]
st.subheader(f"Confusion matrix of {model_name}")
normalisation = st.segmented_control(
    "Show", NORMALISATIONS, key=state.NORMALISATION, required=True, persist_state="session"
)
st.altair_chart(charts.confusion_heatmap(confusion(report, normalisation), labels, normalisation), width="content")
st.caption(
    "Each row is a true class and each column the model's answer: the diagonal holds the right answers, "
    "any other bright cell is a pair of classes the model confuses."
)

if task.is_binary:
    threshold = state.threshold()
    point = at_threshold(report, threshold)
    st.subheader(f"The precision/recall trade-off at threshold {threshold:.2f}")
    st.caption("The threshold is the one set on the Draw page; it is marked in pink in every chart.")
    trade_off, pr, roc = st.columns(3)
    with trade_off:
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
else:
    st.subheader("Per class")
    st.altair_chart(charts.per_class_bars(report, labels), width="stretch")
    st.caption("Precision, recall and F1 for each digit: the lowest dots are the digits this model finds hardest.")
