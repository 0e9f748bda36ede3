"""`python -m digit_model.training`: retrain the shipped models (see :mod:`digit_model.training.train`)."""

import sys

from digit_model.training.train import main

sys.exit(main())
