"""Measurement commands that drive a browser or a server: `python -m tools.measure` and the like."""
