"""Times as the tutor shows them: the minute, in the learner's local time (as `docker images` shows CREATED
relative, the tutor shows a date a learner can compare with their clock)."""

from __future__ import annotations

import datetime as dt


def when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")
