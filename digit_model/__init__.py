"""The pure-Python core of the app: read a digit, make it an MNIST image, ask a model, explain it.

It never imports Streamlit, so it can be trained, tested and benchmarked on its own. Its
subpackages follow the data's way, and each imports only from those before it:
``basics`` and ``tasks`` -> ``inputs`` (readers, the MNIST recipe) -> ``models`` (features,
estimators) -> ``evaluation`` -> ``explain`` -> ``personal`` -> ``training`` (fitting, the
registry of shipped models) -> ``studies`` and ``bench`` (commands). Everything the app, the
tests and outside benchmarks need is importable from here.
"""

from digit_model.basics import SIDE, as_digit, as_digits
from digit_model.evaluation.scoring import NORMALISATIONS, at_threshold, confusion
from digit_model.evaluation.views import OUTCOMES, figure_3_11, threshold_strip
from digit_model.explain.neighbours import Nearest, Neighbours, feature_transform
from digit_model.explain.occlusion import PATCH, Occlusion, occlusion
from digit_model.inputs.canvas import CANVAS, draw_lines
from digit_model.inputs.mnist import MnistError, load_mnist, load_test_set
from digit_model.inputs.pendigits import (
    EVAL_WRITERS,
    TRAIN_WRITERS,
    PenDigitsError,
    load_pendigits,
)
from digit_model.inputs.photo import PhotoSteps, photo_steps
from digit_model.inputs.recipe import NotADigit, Steps, to_mnist, to_mnist_steps
from digit_model.inputs.share_link import decode_drawing, encode_drawing
from digit_model.inputs.uploads import MAX_UPLOAD_MB, read_image
from digit_model.lab.runner import run as train_in_lab
from digit_model.lab.settings import LabSettings
from digit_model.novelty.check import looks_like_a_digit
from digit_model.numbers.reading import (
    MAX_DIGITS,
    NumberDigit,
    NumberReading,
    read_number,
)
from digit_model.numbers.strokes import canvas_strokes
from digit_model.personal.kaggle_csv import from_kaggle_csv, to_kaggle_csv
from digit_model.personal.model import PersonalModel, blend_for, leave_one_out
from digit_model.personal.my_digits import MAX_DRAWINGS, MyDigits
from digit_model.tasks import TASKS, Task, get_task
from digit_model.training.registry import (
    ModelError,
    default_model,
    list_models,
    load_model,
    load_report,
)

__all__ = [
    # shapes and checks
    "SIDE", "as_digit", "as_digits",
    # tasks
    "TASKS", "Task", "get_task",
    # inputs: MNIST, pen digits, uploads, the canvas, the MNIST recipe, photos
    "load_mnist", "load_test_set", "MnistError", "load_pendigits", "PenDigitsError", "EVAL_WRITERS", "TRAIN_WRITERS",
    "read_image", "MAX_UPLOAD_MB", "CANVAS", "draw_lines", "to_mnist", "to_mnist_steps", "Steps", "NotADigit",
    "photo_steps", "PhotoSteps", "encode_drawing", "decode_drawing",
    # shipped models
    "list_models", "load_model", "load_report", "default_model", "ModelError",
    # evaluation and the Metrics page's views
    "at_threshold", "confusion", "NORMALISATIONS", "threshold_strip", "figure_3_11", "OUTCOMES",
    # why this answer
    "occlusion", "Occlusion", "PATCH", "Neighbours", "Nearest", "feature_transform",
    # whole numbers
    "read_number", "NumberReading", "NumberDigit", "MAX_DIGITS", "canvas_strokes",
    # the Lab: train the chapter's models yourself
    "LabSettings", "train_in_lab",
    # is it a digit at all
    "looks_like_a_digit",
    # your own digits
    "MyDigits", "MAX_DRAWINGS", "to_kaggle_csv", "from_kaggle_csv", "PersonalModel", "blend_for", "leave_one_out",
]
