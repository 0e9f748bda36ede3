"""Command-line studies (`python -m digit_model.studies.<name>`): the measurements behind docs/studies.

Nothing in the library imports them; `digit_model.bench` shares their option and table helpers (`cli`).
"""
