"""How much memory a Lab training needs at its peak, estimated from its setting before it starts,
so that a server shared by many visitors can refuse one that would not fit.

The estimate adds what the training process holds at once: MNIST as read, the training images and
their shifted copies, the features of those and of the test set, what the estimator keeps of them,
and the fitted model with its file. It counts every training digit, also those a two-class task
leaves out, so it errs on the generous side; ``python -m tools.lab_timing`` sets it beside the
peak each default actually reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from digit_model.inputs.mnist import N_TRAIN
from digit_model.lab.estimators import INPUTS
from digit_model.lab.settings import LabSettings
from digit_model.tasks import get_task

__all__ = ["MemoryNeed", "memory_needed"]

_MIB = 2**20
_PIXELS = 784
_N_TEST = 10_000
_FLOAT32 = 4
_FLOAT64 = 8
# Float copies of the images alive at once while the input's steps run: Flatten's float images and
# their scaled copy (SGD on 60,000 of them peaked at 503 MiB, which one copy undercounted);
# RawPixels' float64 pixels (the book's, which SGD uses as they are); Deskew's scaled images, each
# deskewed image and their stack (and the edge directions are smaller).
_FEATURE_COPIES = {"pixels": 2, "raw": 1, "deskewed": 3, "gradients": 3}
_FEATURE_BYTES = {"pixels": _FLOAT32, "raw": _FLOAT64, "deskewed": _FLOAT32, "gradients": _FLOAT32}
_SVC_CACHE = 200 * _MIB  # SVC's default kernel cache (cache_size=200)
# A tree node is a 64-byte record and a float64 per class; a fully grown tree on MNIST made at
# most 0.32 nodes per training digit (0-9, 2,000 digits; 0.24 at 8,000).
_NODE_BYTES = 64
_NODES_PER_DIGIT = 0.35


@dataclass(frozen=True)
class MemoryNeed:
    """The estimated peak, in bytes, and the largest part of it in words (for a refusal)."""

    bytes: int
    largest: str

    def refusal(self, bound: int) -> str | None:
        """One sentence refusing the setting when it needs more than ``bound`` bytes, else None."""
        if self.bytes <= bound:
            return None
        return (
            f"This setting needs about {self.bytes / _MIB:,.0f} MiB to train ({self.largest}), more than the "
            f"{bound / _MIB:,.0f} MiB the Lab allows one training on this shared server: choose fewer digits, "
            "no shifted copies or a lighter estimator."
        )


def memory_needed(settings: LabSettings) -> MemoryNeed:
    """The estimated peak memory of training ``settings``, beyond the training process's own start."""
    n = settings.n_train * settings.copies
    features = INPUTS[settings.features].n_features
    floats = max(features, _FEATURE_COPIES[settings.features] * _PIXELS)  # per digit, while the input's steps run
    width = _FEATURE_BYTES[settings.features]
    parts = {
        "MNIST as read": 2 * (N_TRAIN + _N_TEST) * (_PIXELS + 8),
        f"{n:,} training images and their features": n * (2 * _PIXELS + floats * width),
        "the test set's features": _N_TEST * floats * width,
        **_estimator_parts(settings, n, features, width),
    }
    largest = max(parts, key=parts.get)
    return MemoryNeed(int(sum(parts.values())), largest)


def _estimator_parts(settings: LabSettings, n: int, features: int, width: int) -> dict[str, int]:
    """What the estimator itself holds, model and file included."""
    if settings.estimator == "knn":  # it keeps every training digit's features, and its file holds them again
        return {f"the KNN's {n:,} stored digits and their file": 2 * n * features * width}
    if settings.estimator == "svc":  # libsvm works on float64 copies, with its kernel cache
        return {"the SVC's float64 copy of the digits, its kernel cache and support vectors": 2 * n * features * _FLOAT64 + _SVC_CACHE}
    if settings.estimator == "forest":
        classes = len(get_task(settings.task).classes)
        trees = settings.hyperparameters["n_estimators"]
        if settings.grid_search:
            trees = max(trees, *settings.spec.grid["n_estimators"])
        nodes = int(trees * _NODES_PER_DIGIT * n)
        return {f"{trees} trees of up to {nodes // trees:,} nodes, and their file": 2 * nodes * (_NODE_BYTES + _FLOAT64 * classes)}
    return {}  # SGD keeps one weight per feature and class
