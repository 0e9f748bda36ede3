"""Points the discriminator's tests learn from: features of digits and of non-digits, apart."""

import numpy as np


def separable(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two clouds of 8-dimensional points: digits around 0, non-digits around 2."""
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1, (300, 8)), rng.normal(2, 1, (300, 8))
