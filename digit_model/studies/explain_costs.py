"""`python -m digit_model.studies.explain_costs`: what "why this answer" costs per shipped model, as a Markdown table.

Occlusion is timed on the task's first MNIST test digits, one drawing at a time, warm; the
neighbour index is built from the MNIST training digits as the app would (a seeded subset),
timed without tracing and then once more under ``tracemalloc`` for its peak; a query is one
test digit's 8 nearest. The timings are the best of ``--repeats`` builds and the median of the
drawings, since the machine is shared.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

import numpy as np

from digit_model.explain.neighbours import Neighbours
from digit_model.explain.occlusion import PATCH, STRIDE, occlusion
from digit_model.inputs.mnist import load_mnist
from digit_model.studies import cli
from digit_model.tasks import TASKS
from digit_model.training import registry

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("digit_model.studies.explain_costs", __doc__, "source", "artifacts")
    parser.add_argument("--drawings", type=int, default=20, help="test digits to explain per model")
    parser.add_argument("--size", type=int, default=10_000, help="training digits in the neighbour index")
    parser.add_argument("--repeats", type=int, default=3, help="index builds timed per model (the best counts)")
    parser.add_argument("--patch", type=int, default=PATCH, help="side of the covered squares, in pixels")
    parser.add_argument("--stride", type=int, default=STRIDE, help="pixels between neighbouring squares")
    args = parser.parse_args(argv)
    if not 1 <= args.patch <= 28 or args.stride < 1:
        parser.error(f"--patch must be from 1 to 28 and --stride at least 1; got {args.patch} and {args.stride} instead.")
    if min(args.drawings, args.size, args.repeats) < 1:
        parser.error(f"--drawings, --size and --repeats must be at least 1; got {args.drawings}, {args.size} and {args.repeats} instead.")
    try:
        started = time.perf_counter()
        X_train, y_train, X_test, y_test = load_mnist(args.source)
        load_seconds = time.perf_counter() - started
        models = registry.list_models(artifacts=args.artifacts)
    except ValueError as error:
        return cli.fail(error)
    rows = []
    for task_id, names in models.items():
        drawings = TASKS[task_id].select(X_test, y_test)[0][: args.drawings]
        for name in names:
            model = registry.load_model(task_id, name, artifacts=args.artifacts)
            rows.append({"task": task_id, "model": name + (" (default)" if name == names[0] else "")} | _costs(
                model, drawings, X_train, y_train, size=args.size, repeats=args.repeats, load_seconds=load_seconds,
                covering={"patch": args.patch, "stride": args.stride},
            ))
    print(f"Occlusion: {args.patch}x{args.patch} patches every {args.stride} pixels, median over {args.drawings} test digits of the task; neighbours: "
          f"{args.size:,} training digits, k=8. Loading MNIST took {load_seconds:.2f} s.\n")
    print(cli.markdown(rows))
    return 0


def _costs(
    model, drawings: np.ndarray, X_train: np.ndarray, y_train: np.ndarray, *, size: int, repeats: int, load_seconds: float,
    covering: dict,
) -> dict:
    """One model's row: occlusion and query times per drawing, index build time and memory, and the
    first explanation in a process (MNIST loaded, index built, drawing explained)."""
    occlusion(model, drawings[0], **covering)  # warm up
    seconds, largest = [], []
    for image in drawings:
        start = time.perf_counter()
        found = occlusion(model, image, **covering)
        seconds.append(time.perf_counter() - start)
        largest.append(found.drops[:, found.answer].max())
    builds = []
    for _ in range(repeats):
        start = time.perf_counter()
        index = Neighbours(model, X_train, y_train, size=size)
        builds.append(time.perf_counter() - start)
    tracemalloc.start()
    Neighbours(model, X_train, y_train, size=size)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    queries = []
    for image in drawings:
        start = time.perf_counter()
        index.query(image)
        queries.append(time.perf_counter() - start)
    occlusion_ms, query_ms = 1000 * statistics.median(seconds), 1000 * statistics.median(queries)
    return {
        "occlusion (ms)": f"{occlusion_ms:.0f}",
        "largest drop of P(answer)": f"{statistics.median(largest):.3f}",
        "query (ms)": f"{query_ms:.1f}",
        "why, total (ms)": f"{occlusion_ms + query_ms:.0f}",
        "index build (s)": f"{min(builds):.2f}",
        "first time (s)": f"{load_seconds + min(builds) + (occlusion_ms + query_ms) / 1000:.2f}",
        "index (MB)": f"{index.nbytes / 1e6:.1f}",
        "build peak (MB)": f"{peak / 1e6:.1f}",
    }


if __name__ == "__main__":
    sys.exit(main())
