import numpy as np
import pytest

from digit_model.inputs.canvas import pen_images
from digit_model.inputs.pendigits import load_pendigits
from digit_model.personal.model import PersonalModel, leave_one_out
from digit_model.tasks import TASKS, get_task
from digit_model.training import registry

TASK_IDS = list(TASKS)


@pytest.fixture(scope="module")
def models():
    return {task_id: registry.load_model(task_id) for task_id in TASK_IDS}


@pytest.fixture(scope="module")
def drawings(small_pen):
    """Two writers' pen digits drawn on the canvas: 40 drawings, 4 of each digit."""
    pen = load_pendigits(small_pen).by_writers((1, 2))
    return pen_images(pen, seed=0)


# ``image`` moved by (rows, cols) pixels, the rest filled with background.
def _shifted(image, rows, cols):
    return np.roll(np.roll(image, rows, axis=0), cols, axis=1)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_with_no_drawings_of_your_own_the_answers_are_the_shipped_ones(models, drawings, task_id):
    images, _ = drawings
    model = models[task_id]
    for personal in (PersonalModel(model, get_task(task_id)), PersonalModel(model, task_id, images[:0], np.zeros(0, int))):
        np.testing.assert_array_equal(personal.predict_proba(images), model.predict_proba(images))


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_classes_are_the_shipped_models_for_every_task(models, drawings, task_id):
    images, digits = drawings
    personal = PersonalModel(models[task_id], task_id, images, digits)
    np.testing.assert_array_equal(personal.classes_, models[task_id].classes_)
    proba = personal.predict_proba(images)
    assert proba.shape == (len(images), len(models[task_id].classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1)


def test_five_or_not_counts_a_5_as_true_and_five_or_three_ignores_other_digits(models, drawings):
    images, digits = drawings
    five_or_not = PersonalModel(models["five_or_not"], "five_or_not", images, digits)
    assert five_or_not._targets.tolist() == (digits == 5).astype(int).tolist()
    five_or_three = PersonalModel(models["five_or_three"], "five_or_three", images, digits)
    assert set(five_or_three.digits_.tolist()) == {3, 5}
    assert five_or_three.indices_.tolist() == np.flatnonzero(np.isin(digits, (3, 5))).tolist()


def test_a_drawing_the_shipped_model_misreads_is_read_right_once_labelled(models, drawings):
    images, digits = drawings
    model = models["which_digit"]
    drawing = images[0]
    said = int(model.predict(drawing[None])[0])
    meant = (said + 1) % 10  # what this visitor means by it, which the shipped model does not read
    copies = np.stack([drawing, _shifted(drawing, 1, 0), _shifted(drawing, 0, 1)])
    personal = PersonalModel(model, "which_digit", np.concatenate([copies, images[1:]]), np.r_[[meant] * 3, digits[1:]])
    assert personal.predict(drawing[None])[0] == meant
    assert personal.predict(_shifted(drawing, 1, 1)[None])[0] == meant


def test_nearest_finds_the_visitors_own_identical_drawing_first(models, drawings):
    images, digits = drawings
    personal = PersonalModel(models["which_digit"], "which_digit", images, digits)
    nearest = personal.nearest(images[7], k=3)
    assert nearest.indices[0] == 7 and nearest.labels[0] == digits[7]
    assert nearest.distances[0] == pytest.approx(0, abs=1e-4)
    assert len(nearest.indices) == 3 and np.all(np.diff(nearest.distances) >= 0)


def test_nearest_with_no_drawings_says_so(models, drawings):
    with pytest.raises(ValueError, match="no drawings of your own"):
        PersonalModel(models["which_digit"], "which_digit").nearest(drawings[0][0])


def test_leave_one_out_never_scores_a_drawing_with_a_model_that_learned_it(models, drawings):
    images, digits = drawings
    model = models["which_digit"]
    drawing = images[0]
    meant = (int(model.predict(drawing[None])[0]) + 1) % 10
    # The drawing's identical copy is the only thing that can teach ``meant``: with one copy, nothing can.
    # (No other drawing of its digit either, whose votes would outweigh a single copy.)
    others = np.flatnonzero(~np.isin(digits, (meant, digits[0])))
    once = leave_one_out(model, "which_digit", np.concatenate([drawing[None], images[others]]), np.r_[meant, digits[others]])
    assert once["drawings"][0]["personal"] != meant
    twice = leave_one_out(model, "which_digit", np.concatenate([drawing[None], drawing[None], images[others]]),
                          np.r_[meant, meant, digits[others]])
    assert [row["personal"] for row in twice["drawings"][:2]] == [meant, meant]
    assert [row["shipped"] == meant for row in twice["drawings"][:2]] == [False, False]


def test_leave_one_out_reports_both_accuracies_over_the_tasks_drawings(models, drawings):
    images, digits = drawings
    result = leave_one_out(models["five_or_three"], "five_or_three", images, digits)
    assert result["n"] == np.isin(digits, (3, 5)).sum() == len(result["drawings"])
    for name in ("shipped", "personal"):
        assert result[f"{name}_accuracy"] == np.mean([row[name] == row["truth"] for row in result["drawings"]])
    assert {row["truth"] for row in result["drawings"]} <= {3, 5}


def test_bad_labels_are_refused_when_personalising(models, drawings):
    images, _ = drawings
    with pytest.raises(ValueError, match="digits from 0 to 9"):
        PersonalModel(models["which_digit"], "which_digit", images[:2], np.array([3, 10]))
    with pytest.raises(ValueError, match="'prior' parameter"):
        PersonalModel(models["which_digit"], "which_digit", prior=-1)


def test_each_shipped_model_gets_the_blend_tuned_for_what_it_learned_from():
    from digit_model.models.catalogue import MNIST, MNIST_AND_PEN
    from digit_model.personal.model import BLENDS, blend_for

    assert BLENDS[MNIST] != BLENDS[MNIST_AND_PEN]
    for task, names in registry.list_models().items():
        for name in names:
            report = registry.load_report(task, name)
            assert blend_for(report) == BLENDS[report["trained_on"]]
            PersonalModel(registry.load_model(task, name), task, **blend_for(report))  # settings it accepts


def test_with_the_pen_blend_a_drawing_labelled_by_the_visitor_is_still_read_as_labelled(models, drawings):
    from digit_model.models.catalogue import MNIST_AND_PEN
    from digit_model.personal.model import BLENDS

    images, digits = drawings
    model = models["which_digit"]
    said = int(model.predict(images[:1])[0])
    meant = (said + 1) % 10
    personal = PersonalModel(model, "which_digit", images[:1], [meant], **BLENDS[MNIST_AND_PEN])
    assert personal.predict(images[:1])[0] == meant
