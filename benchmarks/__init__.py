"""Gradient Hiker's performance measurements against its peers: python -m benchmarks (see docs/performance.md)."""
