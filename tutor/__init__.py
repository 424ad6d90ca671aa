"""tutor: a terminal tutor that teaches publishing container images with the real docker commands."""

__version__ = "0.1.0"
