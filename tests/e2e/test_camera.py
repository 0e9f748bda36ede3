"""A photo taken with the camera in the browser is read like an uploaded one.

Chromium's fake camera films a video file on a loop; here one frame: a synthetic phone photo of
a 7 written on paper (``digit_model.evaluation.paper.photograph``).
"""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserType, Page, expect

from digit_model.evaluation.paper import photograph
from digit_model.inputs.canvas import CANVAS, draw_lines
from tools.browser import LAUNCH_OPTIONS, SEVEN, VIEWPORT, prediction, wait_for_app_run

_TIMEOUT = 30_000
_SEED = 0  # a landscape photo, as a laptop's camera films


def photo_of_a_seven(*, side: int = 640) -> np.ndarray:
    """An RGB phone photo (rows, cols, 3) of a 7 written on paper, drawn with the strokes the browser tests draw."""
    lines = [np.array([(y * CANVAS, x * CANVAS) for x, y in stroke]) for stroke in SEVEN]
    ink = draw_lines(lines, brush=18, style="light on dark")[:, :, 0] / 255.0
    return photograph(ink, np.random.default_rng(_SEED), side=side)


def camera_video(photo: np.ndarray, path: Path) -> Path:
    """A one-frame Y4M video (4:2:0) of ``photo``, the format Chromium's fake camera reads."""
    picture = Image.fromarray(photo).convert("YCbCr")
    width, height = picture.size
    luma, blue, red = picture.split()
    chroma = [channel.resize((width // 2, height // 2), Image.Resampling.BOX).tobytes() for channel in (blue, red)]
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\nFRAME\n".encode() + luma.tobytes() + b"".join(chroma))
    return path


def camera_browser(chromium: BrowserType, video: Path) -> Browser:
    """Chromium whose camera films ``video``, and which grants a page the camera without asking."""
    options = dict(LAUNCH_OPTIONS)
    options["args"] = [*options["args"], "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                       f"--use-file-for-fake-video-capture={video}"]
    return chromium.launch(**options)


def take_a_photo(page: Page) -> None:
    """Choose the camera as the input and take a photo once the camera films."""
    page.get_by_test_id("stRadioGroup").get_by_text("Take a photo").click()
    wait_for_app_run(page)
    shutter = page.get_by_role("button", name="Take Photo")
    expect(shutter).to_be_enabled(timeout=_TIMEOUT)
    expect(page.get_by_test_id("stCameraInput").locator("video")).to_be_visible(timeout=_TIMEOUT)
    shutter.click()


@pytest.fixture(scope="module")
def camera(tmp_path_factory, browser: Browser) -> Iterator[Browser]:
    """A second Chromium, from the session's Playwright (which skips the test without Chromium)."""
    video = camera_video(photo_of_a_seven(), tmp_path_factory.mktemp("camera") / "seven.y4m")
    filming = camera_browser(browser.browser_type, video)
    yield filming
    filming.close()


def test_a_photo_taken_with_the_camera_is_read_with_the_photo_steps(camera: Browser, app_url: str):
    context = camera.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?task=which_digit")
        wait_for_app_run(page)
        take_a_photo(page)
        expect(prediction(page)).to_have_text("7", timeout=_TIMEOUT)
        expect(page.get_by_text("b. The lighting evened out")).to_be_visible()
        expect(page.get_by_text("3. Centred by mass in 28x28: the model's input")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()
