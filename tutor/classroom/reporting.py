"""The learner's tutor reporting to the classroom: a subscriber to the live lesson's events that records
progress events in the outbox (step ids, hint use, error categories; never output, never secrets) and brings
the instructor's messages back as events to show."""

from __future__ import annotations

from tutor.classroom.learner import EventOutbox
from tutor.live.events import Finished, InstructorSaid, Opening, ShowHint, ShowNotQuite, StepPassed


class RoomReporter:
    def __init__(self, outbox: EventOutbox, lesson: str, platform: str | None = None) -> None:
        """`lesson`: the room's lesson being played; every event names it, so the room keeps lessons apart.
        `platform`: the learner's (the lesson's, after tutor.app.platform.for_learner), sent with every event, so
        the board places them over their platform's steps whichever of their events reaches it first."""
        self.outbox = outbox
        self.lesson = lesson
        self.platform = platform

    def seen(self, event: object, current: str | None) -> None:
        def record(kind: str, step: str | None = None, **fields) -> None:
            self.outbox.record(kind, step, lesson=self.lesson, platform=self.platform, **fields)

        if isinstance(event, Opening):
            record("started", event.current)
        elif isinstance(event, StepPassed):
            record("step_passed", event.step_id, digest=event.digest)
        elif isinstance(event, ShowHint):
            if event.category:
                record("error", current, category=event.category[:32])
            else:
                record("hint_used", current)
        elif isinstance(event, ShowNotQuite):
            record("error", current, category="not-quite")
        elif isinstance(event, Finished):
            record("finished")

    def news(self) -> list[object]:
        return [InstructorSaid(text) for text in self.outbox.take_messages()]

    def close(self) -> None:
        self.outbox.close()
