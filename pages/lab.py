"""The Lab: train one of the chapter's classifiers yourself, watch it train, and use it like the shipped models."""

import streamlit as st

from digit_model.evaluation.scoring import at_threshold, confusion
from digit_model.lab.estimators import ESTIMATORS, INPUTS, Hyperparameter
from digit_model.lab.jobs import STOPPING, WAITING
from digit_model.lab.memory import memory_needed
from digit_model.lab.settings import LabSettings
from ui import cache, charts, lab_state, lab_view, state
from ui.guard import or_stop
from ui.reports import comparison

REFRESH = 0.5  # seconds between two looks at a training's progress
_MIB = 2**20

task, _ = state.selection()
st.title(f"Lab - {task.label}")
st.caption(
    "Train one of chapter 3's classifiers on the first MNIST training digits, the book's way: 3-fold "
    "cross-validation, then the final fit, then the test set. Your model then answers on every page, for you "
    "only: choose it in the sidebar. It lasts as long as this tab; download it to keep it."
)


def the_setting() -> LabSettings | None:
    """The estimator, its input and size, its main hyperparameters (the book's defaults), and the two exercises."""
    choice, tuning = st.columns(2, gap="large")
    with choice:
        estimator = st.segmented_control(
            "Estimator", list(ESTIMATORS), format_func=lambda name: ESTIMATORS[name].label, key=lab_state.ESTIMATOR,
            required=True,
        )
        spec = ESTIMATORS[estimator]
        st.caption(f"`{spec.class_name}`: {spec.description}")
        st.radio("Input", list(INPUTS), format_func=lambda name: INPUTS[name].label, key=lab_state.INPUT)
        st.select_slider(
            "Training digits: the first of MNIST's 60,000, as the book takes them", lab_view.SIZES, format_func=lambda n: f"{n:,}",
            key=lab_state.size_key(estimator),
        )
    with tuning:
        for parameter in spec.hyperparameters:
            hyperparameter(estimator, parameter)
        st.toggle("Also learn from each digit shifted one pixel in 4 directions (exercise 2)", key=lab_state.SHIFTED)
        grid = " × ".join(f"{name} {list(values)}" for name, values in spec.grid.items())
        st.toggle(f"Grid search (exercise 1): {grid}", key=lab_state.GRID,
                  help="Every combination is cross-validated; the best is fitted and tested. The grid's values replace those above.")
    try:
        settings = lab_state.settings(task.id)
    except ValueError as error:
        st.error(str(error), icon=":material/block:")
        return None
    return settings if within_bounds(settings) else None


def hyperparameter(estimator: str, parameter: Hyperparameter) -> None:
    """One hyperparameter's widget: a choice, a whole number, or a number on a 1-2-5 scale."""
    key = lab_state.param_key(estimator, parameter.name)
    if parameter.choices:
        st.selectbox(parameter.name, parameter.choices, key=key, help=parameter.note)
    elif parameter.integer:
        st.number_input(parameter.name, min_value=parameter.low, max_value=parameter.high, step=1, key=key, help=parameter.note)
    else:
        st.select_slider(parameter.name, lab_view.number_steps(parameter), format_func=lambda x: f"{x:g}", key=key, help=parameter.note)


def within_bounds(settings: LabSettings) -> bool:
    """The memory the setting needs, refused in one sentence when it is more than one training may take."""
    need, bound = memory_needed(settings), lab_state.job_queue().memory_bound
    refusal = need.refusal(bound)
    if refusal is not None:
        st.error(refusal, icon=":material/memory:")
        return False
    st.caption(f"Training this needs about {need.bytes / _MIB:,.0f} MiB of the {bound / _MIB:,.0f} MiB one training may take.")
    return True


def the_training(settings: LabSettings | None) -> None:
    """The Train button, then the training's progress until it ends (the page then shows the model)."""
    status = lab_state.job()
    st.button("Train", key=lab_state.TRAIN, type="primary", icon=":material/model_training:", on_click=lab_state.train,
              args=(task.id,), disabled=settings is None or status is not None)
    if lab_state.notice() is not None:
        st.warning(lab_state.notice(), icon=":material/info:")
    if status is not None:
        st.fragment(progress, run_every=REFRESH)()


def progress() -> None:
    """Where the training is, refreshed every half second, with its Cancel button."""
    if lab_state.collect() or lab_state.job() is None:
        st.rerun()  # it ended: the whole page shows the model, or why there is none
    status, queue = lab_state.job(), lab_state.job_queue()
    with st.container(border=True):
        if status.state == WAITING:
            st.info(f"Waiting in the queue, number {status.position}: the server trains one model at a time.", icon=":material/hourglass:")
        elif status.state == STOPPING:
            st.info("Stopping the training...", icon=":material/cancel:")
            return
        else:
            done = status.progress
            stage = "starting" if done is None else done.stage
            st.progress(0.0 if done is None else done.done / done.total, text=f"Training: {stage}")
            left = "estimate after the first fold" if status.left is None else f"about {status.left:,.0f} s to go"
            st.caption(f"{status.seconds:,.1f} s so far, {left}; {status.cpu_seconds:,.0f} of {queue.cpu_seconds:,} CPU-seconds used.")
        st.button("Cancel", key=lab_state.CANCEL, icon=":material/cancel:", on_click=lab_state.cancel)


def your_model() -> lab_state.OwnModel | None:
    """Which of the visitor's models of this task the results show; None before the first."""
    names = lab_state.own_names(task.id)
    if not names:
        return None
    if st.session_state.get(lab_state.SHOWN) not in names:
        st.session_state[lab_state.SHOWN] = names[-1]
    st.subheader("Your model")
    return lab_state.own(task.id, st.selectbox("Results of", names, key=lab_state.SHOWN))


def scores(own: lab_state.OwnModel) -> None:
    """Cross-validated and test accuracy, and the grid search's table when there was one."""
    report, result = own.result.report, own.result
    cross, test, took = st.columns(3)
    cross.metric("Cross-validated accuracy", f"{report['cv']['mean']:.2%} ± {report['cv']['std']:.2%}")
    test.metric("Test accuracy", f"{report['accuracy']:.2%}")
    took.metric("Training took", f"{result.seconds:,.1f} s")
    st.caption(
        f"Cross-validated: the mean and standard deviation of 3 folds of the {report['n_train']:,} training digits, as "
        f"the book's cross_val_score. Test: the {report['n_test']:,} MNIST test digits of the task, which training never saw."
    )
    if result.settings.grid_search:
        st.dataframe(lab_view.grid_table(result.cv_results, result.best), hide_index=True)
        st.caption("Each candidate's fold accuracies, as GridSearchCV's cv_results_; the chosen one ranks first.")


def how_it_errs(own: lab_state.OwnModel) -> None:
    """The confusion matrix, and precision and recall by class (at the Draw page's threshold for two classes)."""
    report = own.result.report
    labels = [task.class_label(value) for value in report["classes"]]
    matrix, by_class = st.columns(2, gap="large")
    with matrix:
        st.altair_chart(charts.confusion_heatmap(confusion(report), labels, "counts"), width="content")
        st.caption("Rows are the true class, columns the answer: the diagonal holds the right answers.")
    with by_class:
        if task.is_binary:
            point = at_threshold(report, state.threshold())
            precision = "—" if point["precision"] is None else f"{point['precision']:.1%}"
            st.markdown(f"At threshold {state.threshold():.2f}: precision **{precision}**, recall **{point['recall']:.1%}**.")
            st.altair_chart(charts.threshold_curves(report, state.threshold()), width="stretch")
            st.caption("Precision and recall of the 5s as the threshold moves; the pink line is the Draw page's threshold.")
        else:
            st.altair_chart(charts.per_class_bars(report, labels), width="stretch")
            st.caption("Precision, recall and F1 for each digit: the lowest dots are the digits it finds hardest.")


def downloads(own: lab_state.OwnModel) -> None:
    """The model as a joblib file and the results as CSV, made when asked for (not on every rerun); and
    why there is no way back in."""
    model_file, results_file = st.columns(2)
    stem = f"lab_{own.result.settings.label.replace(', ', '_').replace(' ', '_')}"
    model_file.download_button("Download the model (joblib)", lambda: own.result.model_bytes, file_name=f"{stem}.joblib",
                               mime="application/octet-stream", icon=":material/download:", on_click="ignore")
    results_file.download_button("Download the results (CSV)", own.result.to_csv, file_name=f"{stem}.csv",
                                 mime="text/csv", icon=":material/download:", on_click="ignore")
    st.caption("There is no upload of model files: loading one runs whatever code it holds (unpickling runs code).")


def learning_curve() -> None:
    """Accuracy against training digits, from every training of this visitor for this task."""
    runs = lab_state.runs(task.id)
    if runs:
        st.subheader("Your learning curve")
        st.altair_chart(lab_view.learning_curve(runs), width="stretch")
        st.caption("Each training you ran for this task: filled dots on the test set, hollow ones cross-validated. Try the same setup on more digits.")


def beside_the_shipped() -> None:
    """The visitor's models of this task in the table of the shipped ones."""
    with or_stop():
        table = comparison(task, cache.models()[task.id])
    st.subheader("Beside the shipped models")
    columns = [name for name in ("Model", "Accuracy", "Precision", "Recall", "F1", "Size (MB)", "Training (s)", "Description") if name in table]
    st.dataframe(table[columns], hide_index=True, column_config={
        name: st.column_config.NumberColumn(format="percent") for name in ("Accuracy", "Precision", "Recall", "F1")
    })


the_training(the_setting())
own = your_model()
if own is not None:
    scores(own)
    how_it_errs(own)
    downloads(own)
learning_curve()
beside_the_shipped()
