"""How good a model is: scoring into reports, calibration, latency, the Metrics page's views, and the benchmarks' test sets."""
