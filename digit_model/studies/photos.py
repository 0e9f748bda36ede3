"""`python -m digit_model.studies.photos`: how well phone photos of digits on paper are read, before and after.

The evaluation writers' pen digits (`digit_model.inputs.pendigits`, never trained or tuned on) are drawn
on the canvas (`digit_model.inputs.canvas`) and photographed on paper (`digit_model.evaluation.paper`: uneven light,
a soft shadow, the paper's edge and the table, pencil, tilt, blur, grain, JPEG). Each photo is read
the old way, `preprocess.to_mnist` on the whole photo, and the new way, `photo.photo_steps`; the
same drawings read cleanly by `to_mnist` are the ceiling. A reading that finds no digit counts as
wrong. Blank paper must give no digit. Decoding a large camera JPEG is measured at full size (as
`images.read_image` used to) and shrunk while decoding (as it does now), each in a fresh process.
"""

from __future__ import annotations

import io
import multiprocessing
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from digit_model.evaluation.paper import photograph
from digit_model.evaluation.scoring import most_probable
from digit_model.evaluation.test_sets import PEN_TEST_SEED
from digit_model.inputs.canvas import CANVAS, pen_canvases
from digit_model.inputs.pendigits import EVAL_WRITERS, load_pendigits
from digit_model.inputs.photo import photo_steps
from digit_model.inputs.recipe import NotADigit, to_mnist
from digit_model.inputs.uploads import read_image
from digit_model.studies import cli
from digit_model.tasks import TASKS, Task
from digit_model.training import registry

__all__ = ["main", "PHOTO_SEED"]

#: The photos' randomness. The photo reading was tuned on the training writers' photos with other seeds.
PHOTO_SEED = 0
_LARGE = (6000, 4000)  # a 24-megapixel camera photo, width x height
_BLANK = np.zeros((28, 28), np.uint8)  # what a reading that found no digit gives the model: a miss


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.photos", __doc__, "pen-source", "artifacts")
    parser.add_argument("--photos", type=int, default=500, help="photos of the evaluation writers' digits")
    parser.add_argument("--blank", type=int, default=100, help="photos of blank paper (shadow, edge and all)")
    parser.add_argument("--seed", type=int, default=PHOTO_SEED, help="the photos' randomness")
    parser.add_argument("--all-tasks", action="store_true", help="every task's default model, not only 0-9's")
    parser.add_argument("--no-decode", action="store_true", help="skip decoding a large camera JPEG")
    args = parser.parse_args(argv)
    if min(args.photos, args.blank) < 1 or args.seed < 0:
        parser.error(
            f"--photos and --blank must be at least 1 and --seed at least 0; "
            f"got {args.photos}, {args.blank} and {args.seed} instead."
        )
    try:
        pen = load_pendigits(args.pen_source, split="eval")
        task_ids = list(TASKS) if args.all_tasks else ["which_digit"]
        models = {task_id: registry.load_model(task_id, artifacts=args.artifacts) for task_id in task_ids}
    except ValueError as error:
        return cli.fail(error)
    chosen = pen.subset(np.unique(np.linspace(0, len(pen) - 1, min(args.photos, len(pen))).round().astype(int)))
    canvases = list(pen_canvases(chosen, seed=PEN_TEST_SEED))
    photos = [
        photograph(_canvas_ink(canvas), np.random.default_rng([args.seed, 0, index]))
        for index, canvas in enumerate(canvases)
    ]
    no_ink = np.zeros((CANVAS, CANVAS), np.float32)
    blanks = [photograph(no_ink, np.random.default_rng([args.seed, 1, index])) for index in range(args.blank)]
    rows, reading = _tables(models, chosen.labels, canvases, photos, blanks, artifacts=args.artifacts)
    print(f"Photos on paper of {len(photos)} pen digits of the unseen writers {', '.join(map(str, EVAL_WRITERS))} "
          f"(seed {args.seed}); accuracy, a digit not found counts as wrong.\n")
    print(cli.markdown(rows))
    print()
    print(cli.markdown(reading))
    if not args.no_decode:
        print()
        print(cli.markdown(_decode_rows(photos[0])))
    return 0




def _tables(models: dict, labels: np.ndarray, canvases: list, photos: list, blanks: list, *, artifacts) -> tuple[list, list]:
    """Accuracy per task on clean drawings and photos, read both ways; and how the two readings differ."""
    clean, _, _ = _read(to_mnist, canvases)
    old, old_missed, old_ms = _read(to_mnist, photos)
    new, new_missed, new_ms = _read(photo_steps, photos)
    new_clean, _, _ = _read(photo_steps, canvases)
    rows = []
    for task_id, model in models.items():
        task = TASKS[task_id]
        accuracy = {
            name: _accuracy(model, images, labels, task=task)
            for name, images in [("clean", clean), ("old", old), ("new", new), ("new clean", new_clean)]
        }
        rows.append({
            "task": task_id,
            "model": registry.default_model(task_id, artifacts=artifacts),
            "clean drawings, to_mnist (ceiling)": accuracy["clean"],
            "photos, old: to_mnist": accuracy["old"],
            "photos, new: photo_steps": accuracy["new"],
            "clean drawings, photo_steps": accuracy["new clean"],
        })
    blank_old = len(blanks) - _read(to_mnist, blanks)[1]
    blank_new = len(blanks) - _read(photo_steps, blanks)[1]
    shape = photos[0].shape
    reading = [
        _versus("no digit found", f"{old_missed} of {len(photos)}", f"{new_missed} of {len(photos)}"),
        _versus(f"median time per photo ({max(shape[:2])} px), ms", f"{old_ms:.1f}", f"{new_ms:.1f}"),
        _versus("blank paper read as a digit", f"{blank_old} of {len(blanks)}", f"{blank_new} of {len(blanks)}"),
    ]
    return rows, reading


def _versus(what: str, old: str, new: str) -> dict:
    """A row of the table that sets the old reading of photos against the new one."""
    return {"photos": what, "old: to_mnist": old, "new: photo_steps": new}


def _canvas_ink(canvas: np.ndarray) -> np.ndarray:
    """The brush's ink in [0, 1] of a canvas drawn in any of the canvas styles."""
    alpha = canvas[:, :, 3].astype(np.float32) / 255
    if alpha.min() < 1:  # ink on transparent
        return alpha
    level = canvas[:, :, 0].astype(np.float32) / 255
    return level if canvas[0, 0, 0] < 128 else 1 - level  # the canvas's corner is background


def _accuracy(model, images: np.ndarray, digits: np.ndarray, *, task: Task) -> str:
    """The share of the task's digits among ``images`` (n, 28, 28) that the model reads right, or n/a."""
    X, y, _ = task.select(images, digits)
    return f"{np.mean(most_probable(model, X)[0] == y):.1%}" if len(y) else "n/a"


def _read(reader: Callable, images: list[np.ndarray]) -> tuple[np.ndarray, int, float]:
    """``(inputs, missed, median ms)``: each image's 28x28 model input by ``reader`` (blank when it
    found no digit), how many it found none in, and its median time per image."""
    inputs, missed, seconds = [], 0, []
    for image in images:
        start = time.perf_counter()
        try:
            read = reader(image)
        except NotADigit:
            read = None
        seconds.append(time.perf_counter() - start)
        centred = read if read is None or isinstance(read, np.ndarray) else read.centred
        missed += centred is None
        inputs.append(_BLANK if centred is None else centred)
    return np.stack(inputs), missed, 1000 * statistics.median(seconds)


def _decode_rows(photo: np.ndarray) -> list[dict]:
    """Time and peak memory of decoding a large camera JPEG at full size and shrunk while decoding."""
    size = _LARGE if photo.shape[1] > photo.shape[0] else _LARGE[::-1]
    large = Image.fromarray(photo).resize(size, Image.Resampling.BICUBIC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.jpg"
        large.save(path, "JPEG", quality=85)
        megabytes = path.stat().st_size / 2**20
        spawn = multiprocessing.get_context("spawn")  # a fresh process per way, so peaks are its own
        rows = []
        for way in ("full size", "read_image"):
            with spawn.Pool(1) as pool:
                milliseconds, mebibytes, shape = pool.apply(_decode_cost, (str(path), way))
            how = "at full size (read_image before)" if way == "full size" else "shrunk while decoding (read_image now)"
            rows.append({
                f"decode a {large.width}x{large.height} JPEG ({megabytes:.1f} MB)": how,
                "result": f"{shape[1]}x{shape[0]}",
                "time, ms (median of 3)": f"{milliseconds:.0f}",
                "peak memory, MiB": "n/a" if mebibytes is None else f"{mebibytes:.0f}",
            })
    return rows


def _decode_cost(path: str, way: str) -> tuple[float, float | None, tuple[int, ...]]:
    """In a fresh process: median milliseconds of three decodes, growth of peak memory in MiB, shape."""
    data = Path(path).read_bytes()
    decode = read_image if way == "read_image" else _full_size
    before = _peak_mib()
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        shape = decode(data).shape
        seconds.append(time.perf_counter() - start)
    after = _peak_mib()
    return 1000 * statistics.median(seconds), None if before is None else after - before, shape


def _peak_mib() -> float | None:
    """This process's peak resident memory so far (Linux's VmHWM), or None where it is not reported.

    Unlike ``getrusage``'s maximum, it is the process's own, not inherited from its parent.
    """
    try:
        found = re.search(r"^VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.MULTILINE)
    except OSError:
        return None
    return int(found.group(1)) / 1024 if found else None


def _full_size(data: bytes) -> np.ndarray:
    """Decode as read_image did before it shrank photos: every pixel, then the EXIF rotation."""
    return np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))))


if __name__ == "__main__":
    sys.exit(main())
