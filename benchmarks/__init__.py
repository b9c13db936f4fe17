"""Speed figures, printed by `make bench` (`python -m benchmarks`); never asserted in tests."""
