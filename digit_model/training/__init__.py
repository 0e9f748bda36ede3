"""Fitting and shipping: training sets, `python -m digit_model.training`, and the registry that loads only checked files."""
