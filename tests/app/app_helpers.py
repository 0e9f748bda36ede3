"""AppTest helpers: run the app on a page, and make canvas drawings from real MNIST digits."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from PIL import Image
from streamlit.testing.v1 import AppTest

from digit_model.training.registry import list_models, load_report
from ui import state

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = {"Draw": "pages/draw.py", "Metrics": "pages/metrics.py", "Errors": "pages/errors.py", "My digits": "pages/my_digits.py"}
CANVAS_SIZE = 280


def open_page(at: AppTest, page: str, **query: str) -> AppTest:
    """Run the app with ``query`` in the URL, then show ``page``.

    AppTest 1.67 leaves the main script's elements (the sidebar, notices) out of its element
    tree on any page but the default one, so tests read the choice from session state there.
    """
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "Draw":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def well_read_digit(mnist_test, task: str, digit: int) -> np.ndarray:
    """The first MNIST test image of ``digit`` that the task's default model gets right on the test set."""
    images, labels = mnist_test
    wrong = {error["index"] for error in load_report(task, list_models()[task][0])["errors"]}
    index = next(i for i in np.flatnonzero(labels == digit) if i not in wrong)
    return images[index]


def as_png(digit: np.ndarray) -> bytes:
    """The digit as a 280x280 PNG of black ink on white, like a drawing on the app's canvas."""
    ink = Image.fromarray(255 - digit).resize((CANVAS_SIZE, CANVAS_SIZE), Image.Resampling.BILINEAR)
    return _png(ink.convert("RGBA"))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw(at: AppTest, digit: np.ndarray) -> AppTest:
    """Put the digit on the canvas, as the browser component would send it, and rerun.

    ``digit`` is a (28, 28) MNIST image, blown up to the canvas, or a whole (280, 280, 4) canvas.
    """
    png = as_png(digit) if digit.shape == (28, 28) else _png(Image.fromarray(digit))
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()
    at.session_state[state.CANVAS] = {"drawing": {"raw": {"objects": [], "background": "#ffffff"}, "data": data_url}}
    return at.run()


def prediction(at: AppTest) -> str | None:
    """The value of the "Prediction" metric, None when there is none."""
    return next((metric.value for metric in at.metric if metric.label == "Prediction"), None)


def chart_layers(at: AppTest) -> list[list[tuple[dict, pd.DataFrame]]]:
    """Every chart on the page, as its layers: each layer's spec and the data it draws."""
    charts = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        data = {d.name: pa.ipc.open_stream(d.data.data).read_pandas() for d in element.proto.datasets}
        if element.proto.HasField("data"):  # a chart's own, unnamed data (a Vega-Lite spec's inline values)
            data[None] = pa.ipc.open_stream(element.proto.data.data).read_pandas()
        shared = spec.get("data", {}).get("name")
        charts.append([(layer, data[layer.get("data", {}).get("name", shared)]) for layer in spec.get("layer", [spec])])
    return charts
