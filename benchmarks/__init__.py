"""Load benchmarks for itpm. Start them with ``benchmarks/run`` (see docs/benchmarks.md)."""
