"""Tests of the Lab: settings, shifted copies, probabilities from scores, memory, the runner and the job queue."""
