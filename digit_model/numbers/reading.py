"""Read a whole number ("2026"), not only one digit: split it into digits, then read each one.

The models were trained on one centred digit per image, so a number is first split into its
digits (by the canvas's strokes when they are known, else by its ink), and each digit's own ink
goes through the unchanged MNIST recipe and the model, exactly as a digit drawn alone does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digit_model.evaluation.scoring import most_probable
from digit_model.inputs.recipe import NotADigit, to_mnist_steps
from digit_model.numbers.ink import number_ink
from digit_model.numbers.pieces import INK, Piece, stroke_width
from digit_model.numbers.split import ink_pieces
from digit_model.numbers.strokes import as_strokes, stroke_pieces
from digit_model.tasks import Task, get_task
from digit_model.training import registry

__all__ = ["NumberDigit", "NumberReading", "read_number", "MAX_DIGITS"]

MAX_DIGITS = 12
_MARGIN = 4  # background pixels around a digit's crop: the recipe takes the background from the border
_SPECK = 0.15  # a mark smaller every way than this share of the tallest mark's height is a speck, not a digit
_DOT = 0.4  # a mark that is no digit and smaller every way than this share of the tallest is left out
# A mark at least _SIZED of the number's height and _STROKES of its mean stroke widths tall is judged
# a digit's size by the number, not by the recipe's test (a couple of its widest strokes long), which
# a small 0 written with a broad brush fails: it closes into a blob.
_SIZED, _STROKES = 0.4, 2.0
# A digit wider than this for its height is rare enough (about one in twenty of the pen training
# writers' digits) that the split may have left two digits together: the reading is then not sure.
_WIDE = 1.0


@dataclass(frozen=True)
class NumberDigit:
    """One digit of a number as the model read it.

    label : the model's most probable class (a digit, or True/False for "Is it a 5?")
    text : the answer as people read it: "7", or "5" / "not 5"
    confidence : the model's probability of that answer
    box : (x0, y0, x1, y1), the digit's ink in the image's pixels, x1 and y1 excluded
    sure : the confidence reaches the task's "not sure" level (``Task.sure_from``)
    image : uint8 array of shape (28, 28), what the model read
    """

    label: object
    text: str
    confidence: float
    box: tuple[int, int, int, int]
    sure: bool
    image: np.ndarray


@dataclass(frozen=True)
class NumberReading:
    """A number as read: its digits left to right and how sure the reading is.

    text : the digits' answers left to right: "2026"; when an answer is longer than one
        character ("not 5"), they are joined by ", ": "not 5, 5, not 5"
    digits : one :class:`NumberDigit` per digit, left to right
    split_sure : no seam had to cut through ink to part touching digits, and no digit is so
        wide that it may hold two
    sure : the split is sure and so is every digit
    """

    text: str
    digits: tuple[NumberDigit, ...]
    split_sure: bool

    @property
    def sure(self) -> bool:
        return self.split_sure and all(digit.sure for digit in self.digits)


def read_number(image, *, task: str = "which_digit", model=None, strokes=None, photo: bool = False) -> NumberReading:
    """Split a written number into its digits and read each one with the task's model.

    Parameters
    ----------
    image : uint8 array of shape (H, W) or (H, W, C), C in 1-4, or PIL image
        A canvas of any width, as ``st_canvas(...).image_data`` returns it, or with ``photo``
        a photo or scan of paper, as :func:`digit_model.inputs.uploads.read_image` returns it.
    task : a task id of :data:`digit_model.tasks.TASKS`
    model : None for the task's default shipped model, a shipped model's name, or a fitted
        estimator with ``predict_proba`` and ``classes_`` (pass one already loaded to save
        loading it on every call)
    strokes : the canvas's strokes in drawing order, each an array of shape (n_points, 2) of
        (x, y) image pixels (:func:`digit_model.numbers.strokes.canvas_strokes` reads them from
        the canvas's ``json_data``); without them (None or none), or when none lies on the ink, the digits are found from the ink alone
    photo : the image is a photo of paper, read as :func:`digit_model.inputs.photo.photo_steps` does

    Raises ValueError, with one sentence saying why, when nothing is written, when there are
    only specks or a mark that is no digit, or when there are more than MAX_DIGITS digits.
    """
    the_task = get_task(task)
    fitted = _fitted(the_task, model)
    if strokes is not None and photo:
        raise ValueError("Strokes come from the canvas, a photo has none: pass strokes=None with photo=True.")
    ink, scale = number_ink(image, is_photo=photo)
    if ink is None:
        raise ValueError("Nothing is written: write a number, its digits side by side from left to right.")
    reader = _Reader(fitted, ink)
    pieces, cut = [], False
    if strokes is not None and len(strokes) > 0:
        pieces = stroke_pieces(ink, as_strokes(strokes, ink.shape, scale=scale), confidences=reader.confidences)
    if not pieces:  # no strokes, or none lying on the ink (strokes from another drawing): the ink alone
        pieces, cut = ink_pieces(ink, confidences=reader.confidences, stroke=reader.stroke)
    pieces = _without_specks(pieces)
    pieces, read = _without_dots(pieces, reader.read(pieces))
    read = _readable(read)
    classes = np.asarray(fitted.classes_)
    digits = tuple(
        _digit(the_task, classes[proba.argmax()], float(proba.max()), _box(ink, piece, scale), image)
        for piece, (image, proba) in zip(pieces, read)
    )
    texts = [digit.text for digit in digits]
    wide = any(piece.width > _WIDE * piece.height for piece in pieces)
    text = ("" if max(map(len, texts)) == 1 else ", ").join(texts)
    return NumberReading(text=text, digits=digits, split_sure=not (cut or wide))


def _readable(read: list[tuple]) -> list[tuple]:
    """The digits' readings, once every one is a digit and there are not too many."""
    if all(image is None for image, _ in read):
        raise NotADigit("There are only specks or dots: write a number, its digits large and side by side from left to right.")
    if (missing := next((index for index, (image, _) in enumerate(read) if image is None), None)) is not None:
        raise NotADigit(
            f"Mark {missing + 1} from the left is too small or too flat to be a digit: write every digit whole, "
            "about as tall as the others."
        )
    if len(read) > MAX_DIGITS:
        raise ValueError(f"A number here has at most {MAX_DIGITS} digits; this one has {len(read)}: write a shorter number.")
    return read


class _Reader:
    """The model's reading of pieces of one number's ink, each piece cut out, put through the
    recipe and read once however often it is asked about."""

    def __init__(self, model, ink: np.ndarray):
        self.model, self.ink = model, ink
        rows = np.flatnonzero((ink >= INK).any(axis=1))
        height = rows[-1] + 1 - rows[0] if rows.size else 0
        self.stroke = stroke_width(ink)  # the strokes' width, measured once for the split and the sizes
        self.digit_sized = max(_SIZED * height, _STROKES * self.stroke)  # a mark at least this tall
        self.done: dict = {}  # (box, packed mask) -> (image or None, probabilities or None)

    def read(self, pieces: list[Piece]) -> list[tuple[np.ndarray | None, np.ndarray | None]]:
        """Each piece's (28, 28) model input and class probabilities; (None, None) for a mark too
        small or too flat to be a digit."""
        keys = [(piece.box, np.packbits(piece.mask).tobytes()) for piece in pieces]
        new = {key: piece for key, piece in zip(keys, pieces) if key not in self.done}
        images = {key: self._image(piece) for key, piece in new.items()}
        readable = [key for key, image in images.items() if image is not None]
        if readable:
            _, proba = most_probable(self.model, np.stack([images[key] for key in readable]))
            self.done.update({key: (images[key], p) for key, p in zip(readable, proba)})
        self.done.update({key: (None, None) for key, image in images.items() if image is None})
        return [self.done[key] for key in keys]

    def confidences(self, pieces: list[Piece]) -> np.ndarray:
        """The model's confidence in its answer for each piece, 0 for a mark that is no digit."""
        return np.array([0.0 if proba is None else float(proba.max()) for _, proba in self.read(pieces)])

    def _image(self, piece: Piece) -> np.ndarray | None:
        crop = np.pad(piece.ink(self.ink), _MARGIN)
        try:
            steps = to_mnist_steps(np.round(crop * 255).astype(np.uint8), check_size=piece.height < self.digit_sized)
        except NotADigit:
            return None
        return None if steps is None else steps.centred


def _fitted(task: Task, model):
    """The model to read with: loaded from the registry when named or None, else checked."""
    if model is None or isinstance(model, str):
        return registry.load_model(task.id, model)
    if not (hasattr(model, "predict_proba") and hasattr(model, "classes_")):
        raise ValueError(
            f"The model must be None, a shipped model's name or a fitted estimator with predict_proba and classes_; "
            f"got {type(model).__name__} instead."
        )
    if set(np.asarray(model.classes_).tolist()) != set(task.classes):
        raise ValueError(
            f"The task {task.id!r} answers {list(task.classes)}; the model answers {np.asarray(model.classes_).tolist()} instead."
        )
    return model


def _without_specks(pieces: list[Piece]) -> list[Piece]:
    """The pieces without those that are small every way next to the number's tallest piece."""
    tallest = max((piece.height for piece in pieces), default=0)
    return [piece for piece in pieces if max(piece.height, piece.width) >= _SPECK * tallest]


def _without_dots(pieces: list[Piece], read: list[tuple]) -> tuple[list[Piece], list[tuple]]:
    """The pieces and their readings without the small marks that are no digit (a pen's dot, a
    broken stroke's crumb), as long as a larger mark is left to read."""
    tallest = max((piece.height for piece in pieces), default=0)
    kept = [
        index for index, (piece, (image, _)) in enumerate(zip(pieces, read))
        if image is not None or max(piece.height, piece.width) >= _DOT * tallest
    ]
    return [pieces[index] for index in kept], [read[index] for index in kept]


def _box(ink: np.ndarray, piece: Piece, scale: float) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the piece's strokes (ink at least INK) in the image's pixels."""
    body = piece.ink(ink) >= INK
    if not body.any():
        body = piece.mask
    rows, cols = np.flatnonzero(body.any(axis=1)), np.flatnonzero(body.any(axis=0))
    row0, col0 = piece.box[:2]
    return (
        int(np.floor((col0 + cols[0]) * scale)), int(np.floor((row0 + rows[0]) * scale)),
        int(np.ceil((col0 + cols[-1] + 1) * scale)), int(np.ceil((row0 + rows[-1] + 1) * scale)),
    )


def _digit(task: Task, label, confidence: float, box: tuple[int, int, int, int], image: np.ndarray) -> NumberDigit:
    value = label.item() if hasattr(label, "item") else label
    return NumberDigit(
        label=value, text=task.class_label(value), confidence=confidence, box=box, sure=task.is_sure(confidence), image=image,
    )
