"""The pure-Python core of the app: MNIST data, canvas preprocessing, tasks, models, reports.

It never imports Streamlit, so it can be trained, tested and benchmarked on its own.
"""
