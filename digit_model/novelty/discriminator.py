"""Tell digits from non-digits with small neural networks learned on training digits and generated non-digits.

A distance to the nearest training digits misses non-digits that sit close to one digit (a Z near
a 2, a smiley near a 0). A discriminator learns what sets digits apart instead: a few one-layer
networks on the model's own features plus that distance, fitted with training digits as positives
and generated non-digits (:mod:`digit_model.novelty.negatives`) as negatives, their log-odds averaged.
Its weights are a few hundred kilobytes, shipped beside this module with their SHA-256 pinned here
(:data:`SHIPPED`); ``python -m digit_model.novelty.learn`` makes them again. They only fit the model
whose features they were learned on, so they carry that model file's SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

__all__ = ["SHIPPED", "Discriminator", "fit_discriminator", "load_discriminator", "shipped_path"]

#: The shipped discriminators' files and their SHA-256, by (task, model name); ``learn`` rewrites this line.
SHIPPED: dict[tuple[str, str], str] = {('which_digit', 'gradient_svm_pen'): 'cae9533835f4f7d8892e13e886e16583fbd0d132d80665ac01cb64ecf67c1554'}
_FOLDER = Path(__file__).parent / "weights"
_HIDDEN = 64  # units of each network's one hidden layer
_ALPHA = 1e-2  # L2 penalty: the networks must not learn the generated non-digits by heart
_EPOCHS = 25  # passes over the data, a fixed number so the same data always gives the same weights
_MEMBERS = 5  # networks averaged: one alone depends on its random start


@dataclass(frozen=True)
class Discriminator:
    """Networks reading standardized features: ``log_odds`` is high for a non-digit.

    Attributes
    ----------
    mean, scale : ndarray of shape (n_features,), the standardization
    layers : tuple of (W1, b1, W2, b2) per network, float32; ReLU between
    model_sha256 : the model file whose features these weights read
    floor : the lowest threshold a check may use with these weights: where the check's share of refused
        digits stops among the pen digits of training writers kept out of the fit (MNIST's held-out
        digits set the threshold at build time, and they come from the writers the networks learned)
    """

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple
    model_sha256: str
    floor: float = -np.inf

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        """(n, n_features) -> (n,): the networks' mean log-odds that each row is no digit."""
        x = (np.asarray(features, np.float32) - self.mean) / self.scale
        return np.mean([np.maximum(x @ w1 + b1, 0) @ w2 + b2 for w1, b1, w2, b2 in self.layers], axis=0)[:, 0]

    def to_bytes(self) -> bytes:
        """The weights as an ``.npz`` (float16 layers: they are used as float32 after reading)."""
        arrays = {"mean": self.mean, "scale": self.scale, "model_sha256": np.array(self.model_sha256), "floor": np.array(self.floor)}
        for number, layer in enumerate(self.layers):
            arrays |= {f"{name}{number}": part.astype(np.float16) for name, part in zip(("w1_", "b1_", "w2_", "b2_"), layer)}
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Discriminator:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            members = len([name for name in arrays.files if name.startswith("w1_")])
            layers = tuple(tuple(arrays[f"{name}{number}"].astype(np.float32) for name in ("w1_", "b1_", "w2_", "b2_"))
                           for number in range(members))
            return cls(arrays["mean"], arrays["scale"], layers, str(arrays["model_sha256"]), float(arrays["floor"]))


def fit_discriminator(digits: np.ndarray, non_digits: np.ndarray, *, model_sha256: str, random_state: int = 0) -> Discriminator:
    """Fit the networks on features of digits (positives, 0) and non-digits (negatives, 1).

    digits, non_digits : ndarray of shape (n, n_features), the check's features (model features and log distance)
    """
    X = np.vstack([digits, non_digits]).astype(np.float32)
    y = np.r_[np.zeros(len(digits)), np.ones(len(non_digits))]
    scaler = StandardScaler().fit(X)
    X = scaler.transform(X)
    layers = []
    for member in range(_MEMBERS):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed number of passes, on purpose
            net = MLPClassifier((_HIDDEN,), alpha=_ALPHA, max_iter=_EPOCHS, random_state=random_state + member).fit(X, y)
        layers.append(tuple(np.asarray(part, np.float32) for part in (net.coefs_[0], net.intercepts_[0], net.coefs_[1],
                                                                       net.intercepts_[1])))
    scale = scaler.scale_.astype(np.float32)
    return Discriminator(scaler.mean_.astype(np.float32), scale, tuple(layers), model_sha256)


def shipped_path(task: str, name: str) -> Path:
    return _FOLDER / f"{task}.{name}.npz"


def load_discriminator(task: str, name: str, model_sha256: str) -> Discriminator | None:
    """The shipped discriminator for the model, or None when none was shipped for that very model file.

    Raises ValueError when the file does not match its pinned SHA-256.
    """
    expected = SHIPPED.get((task, name))
    path = shipped_path(task, name)
    if expected is None or not path.exists():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != expected:
        raise ValueError(f"{path.name} does not match its SHA-256 pinned in digit_model/novelty/discriminator.py: "
                         "restore it from git or make it again with `python -m digit_model.novelty.learn`.")
    discriminator = Discriminator.from_bytes(data)
    return discriminator if discriminator.model_sha256 == model_sha256 else None
