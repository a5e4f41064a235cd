"""Benchmarks of the pipeline on the sample RIS; run them with `python -m benchmarks.run`."""
