"""Chromium and the few page actions the browser tests and the measurement commands share."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = [
    "CHROMIUM", "launch", "wait_for_app_run", "wait_for_pictures", "draw", "touch_draw", "SEVEN", "ONE", "prediction",
    "ServerMessages", "start_answer_clock", "answer_seconds",
    "LAUNCH_OPTIONS", "VIEWPORT", "CANVAS", "RUN_FINISHED", "STEPS", "stroke_points",
    "ANSWER_CLOCK", "ANSWERED", "ANSWER_SECONDS",
]

# The constants and `stroke_points` are what the functions below do, as data, so that code on
# Playwright's async API (tools/load.py) does exactly the same.
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_OPTIONS = {
    "executable_path": str(CHROMIUM),
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run"],
}
VIEWPORT = {"width": 1440, "height": 1000}  # a laptop's window: every test and measurement draws in it
CANVAS = "canvas.upper-canvas"  # the canvas's top layer, which takes the pointer
# The attributes of the `stApp` element once the app is connected and its script has finished running, in that order.
RUN_FINISHED = {"data-test-connection-state": "CONNECTED", "data-test-script-state": "notRunning"}
STEPS = 8  # pointer moves between two points of a stroke
_RUN_TIMEOUT = 30_000  # ms
# Times, inside the page, the last pointer release and the first moment after it that a Prediction
# is on the page: Playwright's own waiting polls, which added about 50 ms to every answer.
ANSWER_CLOCK = """
window.__answerClock = {released: null, answered: null};
document.addEventListener("pointerup", () => { window.__answerClock = {released: performance.now(), answered: null}; }, true);
new MutationObserver(() => {
  const clock = window.__answerClock;
  if (clock.released !== null && clock.answered === null
      && [...document.querySelectorAll("[data-testid='stMetric']")].some(m => m.innerText.startsWith("Prediction"))) {
    clock.answered = performance.now();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
ANSWERED = "window.__answerClock && window.__answerClock.answered !== null"
ANSWER_SECONDS = "(window.__answerClock.answered - window.__answerClock.released) / 1000"

# A "7" as strokes of (x, y) points in fractions of the canvas: the bar, then the stem.
SEVEN = [[(0.25, 0.2), (0.5, 0.2), (0.75, 0.2), (0.68, 0.4), (0.58, 0.6), (0.5, 0.82)]]
ONE = [[(0.5, 0.15), (0.5, 0.5), (0.5, 0.85)]]


def launch(playwright: Playwright) -> Browser:
    """The system's Chromium, headless, without the background chatter of a desktop browser."""
    return playwright.chromium.launch(**LAUNCH_OPTIONS)


def wait_for_app_run(page: Page) -> None:
    """Wait until the app is connected and its script has finished running."""
    app = page.get_by_test_id("stApp")
    for name, value in RUN_FINISHED.items():
        expect(app).to_have_attribute(name, value, timeout=_RUN_TIMEOUT)


def wait_for_pictures(page: Page, *, timeout: float = _RUN_TIMEOUT) -> None:
    """Wait until every chart has drawn its marks and every image has loaded (for screenshots)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].every(c => c.querySelector(".marks"))
              && [...document.querySelectorAll("[data-testid='stImage'] img")].every(i => i.complete && i.naturalWidth > 0)""",
        timeout=timeout,
    )


def stroke_points(box: dict[str, float], strokes: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """The strokes in page coordinates, from points given as fractions of the canvas's bounding ``box``."""
    return [[(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in stroke] for stroke in strokes]


def draw(page: Page, strokes: list[list[tuple[float, float]]], *, steps: int = STEPS) -> None:
    """Draw each stroke on the canvas with the mouse; the drawing reaches the script on mouse-up.

    Points are fractions of the canvas; the mouse passes through ``steps`` moves between two.
    """
    canvas = page.locator(CANVAS)
    expect(canvas).to_be_visible(timeout=_RUN_TIMEOUT)
    for points in stroke_points(canvas.bounding_box(), strokes):
        page.mouse.move(*points[0])
        page.mouse.down()
        for point in points[1:]:
            page.mouse.move(*point, steps=steps)
        page.mouse.up()


def touch_draw(page: Page, strokes: list[list[tuple[float, float]]], *, steps: int = STEPS) -> None:
    """Draw each stroke with a finger (touch events, as on a phone); like :func:`draw` otherwise.

    Playwright only taps, so the touches go through the Chrome DevTools Protocol.
    """
    canvas = page.locator(CANVAS)
    expect(canvas).to_be_visible(timeout=_RUN_TIMEOUT)
    box = canvas.bounding_box()
    session = page.context.new_cdp_session(page)
    for points in stroke_points(box, strokes):
        path = [points[0]] + [
            (x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
            for (x0, y0), (x1, y1) in zip(points, points[1:]) for k in range(1, steps + 1)
        ]
        for kind, (x, y) in [("touchStart", path[0]), *(("touchMove", point) for point in path[1:])]:
            session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
        session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()


def start_answer_clock(page: Page) -> None:
    """Time every answer inside the page from now on (call before ``page.goto``)."""
    page.add_init_script(ANSWER_CLOCK)


def answer_seconds(page: Page, *, timeout: float = _RUN_TIMEOUT) -> float:
    """Seconds from the last mouse-up (or touch end) to a Prediction on the page, measured by the page itself.

    Needs :func:`start_answer_clock`, and no Prediction on the page when the drawing was finished.
    """
    page.wait_for_function(ANSWERED, timeout=timeout)
    return page.evaluate(ANSWER_SECONDS)


def prediction(page: Page):
    """The value of the "Prediction" metric."""
    return page.get_by_test_id("stMetric").filter(has_text="Prediction").get_by_test_id("stMetricValue")


class ServerMessages:
    """Every message the app server sends a page from now on, as Streamlit's own ``ForwardMsg``:
    what a rerun redrew (each element's ``delta_path`` starts with its root, 0 the page, 1 the
    sidebar) and whether the navigation was run again. Start before ``page.goto``."""

    def __init__(self, page: Page):
        self.messages: list[ForwardMsg] = []
        page.on("websocket", self._listen)

    def _listen(self, socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: isinstance(payload, bytes) and self.messages.append(ForwardMsg.FromString(payload)))

    def kinds(self) -> list[str]:
        return [message.WhichOneof("type") for message in self.messages]

    def redrawn_roots(self) -> set[int]:
        """The roots (0 the page, 1 the sidebar) of the elements the messages drew."""
        return {message.metadata.delta_path[0] for message in self.messages if message.WhichOneof("type") == "delta"}
