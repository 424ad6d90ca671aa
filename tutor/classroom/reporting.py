"""The learner's tutor reporting to the classroom: a subscriber to the live lesson's events that records
progress events in the outbox (step ids, hint use, error categories; never output, never secrets) and brings
the instructor's messages back as events to show."""

from __future__ import annotations

from tutor.classroom.learner import EventOutbox
from tutor.live.events import Finished, InstructorSaid, Opening, ShowHint, ShowNotQuite, StepPassed


class RoomReporter:
    def __init__(self, outbox: EventOutbox, lesson: str) -> None:
        """`lesson`: the room's lesson being played; every event names it, so the room keeps lessons apart."""
        self.outbox = outbox
        self.lesson = lesson

    def seen(self, event: object, current: str | None) -> None:
        record = self.outbox.record
        if isinstance(event, Opening):
            record("started", event.current, lesson=self.lesson)
        elif isinstance(event, StepPassed):
            record("step_passed", event.step_id, digest=event.digest, lesson=self.lesson)
        elif isinstance(event, ShowHint):
            if event.category:
                record("error", current, category=event.category[:32], lesson=self.lesson)
            else:
                record("hint_used", current, lesson=self.lesson)
        elif isinstance(event, ShowNotQuite):
            record("error", current, category="not-quite", lesson=self.lesson)
        elif isinstance(event, Finished):
            record("finished", lesson=self.lesson)

    def news(self) -> list[object]:
        return [InstructorSaid(text) for text in self.outbox.take_messages()]

    def close(self) -> None:
        self.outbox.close()
