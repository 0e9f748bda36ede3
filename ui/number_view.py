"""The Draw page's Number mode: a number written on a wide canvas (or photographed), and how it was
read: the number, then each digit in its numbered box with what the model saw and said."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
from PIL import Image, ImageDraw, ImageFont

from digit_model.numbers.reading import NumberReading
from ui.pictures import enlarged

__all__ = ["BRUSH", "HEIGHT", "WIDTH", "Written", "answer", "boxed", "digits", "strangers"]

# As wide as a 390-pixel phone screen allows beside Streamlit's margins, and half as tall.
WIDTH, HEIGHT = 340, 170
# The brush the number canvas starts with. Its digits are smaller than one digit alone on the square
# canvas: with the digit canvas's 18-pixel brush, 92 of 100 four-digit numbers written with the mouse
# were read right, 96 with this one (docs/studies/numbers.md).
BRUSH = 12
_DIGIT_SIZE = 56  # each digit's 28x28 picture, shown twice as large
_LARGEST = 1024  # a phone photo's boxes are shown at most this many pixels wide or tall
# The boxes' colours: blue for a sure digit, orange for an unsure one, red for a place that is no digit.
_SURE, _UNSURE, _STRANGER = (28, 126, 214), (230, 120, 0), (224, 49, 49)


@dataclass(frozen=True)
class Written:
    """A written number as the page got it: the canvas's image and strokes, or a photo's bytes."""

    image: np.ndarray | None = None
    strokes: list[np.ndarray] | None = None
    photo: bytes | None = None

    @property
    def blank(self) -> bool:
        """Nothing to read yet: no photo, or a canvas without a stroke."""
        return self.photo is None and (self.image is None or not self.strokes)


def strangers(reading: NumberReading, flagged: np.ndarray | None) -> np.ndarray | None:
    """The places of the number that are no digit: flagged by the not-a-digit check (None: unchecked)
    and read unsurely too. The check learned digits drawn alone at the canvas's size; a number's digits
    are smaller for the same brush, and its flags on digits the model reads surely were real digits in
    the browser measurement (docs/studies/numbers.md), while a star among digits is read unsurely."""
    if flagged is None:
        return None
    return np.asarray(flagged, bool) & ~np.array([digit.sure for digit in reading.digits], bool)


def answer(reading: NumberReading, strangers: np.ndarray | None = None) -> None:
    """The number as read, with "?" where a place does not look like a digit (``strangers``), and a sentence
    when some of it is unsure or no digit."""
    st.metric("Number", reading.text if strangers is None or not strangers.any() else _marked(reading, strangers))
    if strangers is not None and strangers.any():
        places = ", ".join(str(place) for place, stranger in enumerate(strangers, start=1) if stranger)
        st.warning(
            f"Place {places} does not look like a digit (marked ? and in red below). Write digits only, each on its own.",
            icon=":material/block:",
        )
    unsure = [str(place) for place, digit in enumerate(reading.digits, start=1) if not digit.sure]
    if unsure:
        st.warning(
            f"I'm not sure of digit {', '.join(unsure)} (marked below): the model's confidence in it is below the level "
            "at which it is right often enough to answer plainly.",
            icon=":material/help:",
        )
    if not reading.split_sure:
        st.warning(
            "Some digits touch, or one is very wide: I may have split the number in the wrong places. Leave a little "
            "room between the digits.",
            icon=":material/call_split:",
        )


def _marked(reading: NumberReading, strangers: np.ndarray) -> str:
    """The number's text with "?" in each place that does not look like a digit."""
    texts = ["?" if stranger else digit.text for digit, stranger in zip(reading.digits, strangers)]
    return ("" if max(map(len, texts)) == 1 else ", ").join(texts)


def digits(image: np.ndarray, reading: NumberReading, strangers: np.ndarray | None = None) -> None:
    """The drawing with each digit's numbered box, then each digit as the model saw it, with its answer."""
    st.subheader("The digits")
    strangers = np.zeros(len(reading.digits), bool) if strangers is None else strangers
    st.image(boxed(image, reading, strangers),
             caption="Each digit's ink in its numbered box: blue if sure, orange if unsure, red if no digit.")
    row = st.container(horizontal=True, gap="small")
    for place, (digit, stranger) in enumerate(zip(reading.digits, strangers), start=1):
        verdict = f"{digit.confidence:.0%}" if digit.sure else f"{digit.confidence:.0%}, unsure"
        verdict = f"no digit, most like {digit.text}" if stranger else verdict
        row.image(enlarged(digit.image, _DIGIT_SIZE), caption=f"{place}: {'?' if stranger else digit.text} ({verdict})", width=_DIGIT_SIZE + 24)
    st.caption(
        "What the model read for each digit: its ink alone, through MNIST's recipe (cropped, fitted into 20 pixels, "
        "centred in 28x28), as a digit drawn on its own is; then its answer and how sure it is."
    )


def boxed(image: np.ndarray, reading: NumberReading, strangers: np.ndarray) -> Image.Image:
    """The image in RGB with each digit's box drawn on it and its place in the number above the box."""
    picture = Image.fromarray(image).convert("RGBA")
    flat = Image.new("RGBA", picture.size, "white")
    flat.alpha_composite(picture)
    picture = flat.convert("RGB")
    pen = ImageDraw.Draw(picture)
    line = max(2, round(max(picture.size) / 200))
    font = ImageFont.load_default(size=max(12, 6 * line))
    for place, (digit, stranger) in enumerate(zip(reading.digits, strangers), start=1):
        colour = _STRANGER if stranger else _SURE if digit.sure else _UNSURE
        x0, y0, x1, y1 = digit.box
        pen.rectangle((x0 - line, y0 - line, x1 + line, y1 + line), outline=colour, width=line)
        pen.text((x0, max(0, y0 - line - font.size)), str(place), fill=colour, font=font)
    picture.thumbnail((_LARGEST, _LARGEST))
    return picture
