"""Checks: each declared kind (kinds.py) is a function from the real state to a Verdict (run.py).
This package's import stays light: the loader imports `kinds` without the Docker SDK."""
