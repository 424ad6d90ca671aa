"""Password guessing slowed down, then refused: per username and per client address, failures fill a leaky
bucket that empties by itself. Past `slow_after` failures each attempt waits a little before it is checked;
past `refuse_after` it is refused unchecked (HTTP 429, which Docker's CLI prints as "toomanyrequests").

The rightful learner is never locked out for long: the bucket empties one failure every `forget_seconds`,
so a refusal lasts seconds once the guessing stops, a success empties the username's bucket, and a learner
whose password was verified lately never meets the throttle at all (VerifiedCache answers first).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    slow_after: int  # failures in the bucket before each attempt is slowed down
    refuse_after: int  # failures in the bucket before attempts are refused without being checked
    forget_seconds: float  # the bucket forgets one failure this often
    slowdown_step: float = 0.5  # seconds added per failure past slow_after ...
    slowdown_max: float = 3.0  # ... up to this


# A learner mistyping their password three times waits half a second on the fourth try; a guesser gets about
# one guess per username every 5 s and one per address each second, and nothing at all in between.
PER_USER = Limit(slow_after=3, refuse_after=6, forget_seconds=5.0)
PER_ADDRESS = Limit(slow_after=10, refuse_after=30, forget_seconds=1.0)
MAX_KEYS = 20_000  # buckets kept at most; empty ones are dropped first


@dataclass(frozen=True)
class Admission:
    retry_after: float = 0.0  # > 0: refused without checking; try again in this many seconds
    delay: float = 0.0  # seconds to wait before checking (the slowdown)

    @property
    def refused(self) -> bool:
        return self.retry_after > 0


class FailureThrottle:
    def __init__(self, per_user: Limit = PER_USER, per_address: Limit = PER_ADDRESS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = {"user": per_user, "address": per_address}
        self._clock = clock
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # key -> (level, when)
        self._lock = threading.Lock()

    def _level(self, key: tuple[str, str], now: float) -> float:
        level, when = self._buckets.get(key, (0.0, now))
        return max(0.0, level - (now - when) / self._limits[key[0]].forget_seconds)

    def _keys(self, username: str, address: str | None) -> list[tuple[str, str]]:
        return [("user", username)] + ([("address", address)] if address else [])

    def admit(self, username: str, address: str | None) -> Admission:
        """Before a password is checked. An admitted attempt counts against the username at once (so that
        parallel guesses cannot all slip in before the first failure is known); a success takes it back."""
        now = self._clock()
        with self._lock:
            levels = {key: self._level(key, now) for key in self._keys(username, address)}
            wait = max((math.ceil((level - self._limits[key[0]].refuse_after) * self._limits[key[0]].forget_seconds)
                        or 1 for key, level in levels.items() if level >= self._limits[key[0]].refuse_after),
                       default=0)
            if wait:
                return Admission(retry_after=float(wait))
            user = ("user", username)
            self._set(user, levels[user] + 1, now)
            delay = max(self._slowdown(key, level) for key, level in levels.items())
        return Admission(delay=delay)

    def settle(self, username: str, address: str | None, ok: bool) -> None:
        """After the check: a success forgets the username's failures; a failure also counts for the address."""
        now = self._clock()
        with self._lock:
            if ok:
                self._buckets.pop(("user", username), None)
            elif address:
                key = ("address", address)
                self._set(key, self._level(key, now) + 1, now)

    def _slowdown(self, key: tuple[str, str], level: float) -> float:
        limit = self._limits[key[0]]
        if level < limit.slow_after:
            return 0.0
        return min(limit.slowdown_max, limit.slowdown_step * (int(level) - limit.slow_after + 1))

    def _set(self, key: tuple[str, str], level: float, now: float) -> None:
        if len(self._buckets) >= MAX_KEYS and key not in self._buckets:
            self._buckets = {k: v for k, v in self._buckets.items() if self._level(k, now) > 0}
            if len(self._buckets) >= MAX_KEYS:  # a flood of names: forget the oldest half
                kept = sorted(self._buckets.items(), key=lambda item: item[1][1])[MAX_KEYS // 2:]
                self._buckets = dict(kept)
        self._buckets[key] = (level, now)
