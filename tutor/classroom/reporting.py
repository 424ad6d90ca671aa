"""The learner's tutor reporting to the classroom: a subscriber to the live lesson's events that records
progress events in the outbox (step ids, hint use, error categories; never output, never secrets) and brings
the instructor's messages back as events to show."""

from __future__ import annotations

from tutor.classroom.learner import EventOutbox
from tutor.live.events import Finished, InstructorSaid, Opening, ShowHint, ShowNotQuite, StepPassed


class RoomReporter:
    def __init__(self, outbox: EventOutbox) -> None:
        self.outbox = outbox

    def seen(self, event: object, current: str | None) -> None:
        if isinstance(event, Opening):
            self.outbox.record("started", event.current)
        elif isinstance(event, StepPassed):
            self.outbox.record("step_passed", event.step_id, digest=event.digest)
        elif isinstance(event, ShowHint):
            if event.category:
                self.outbox.record("error", current, category=event.category[:32])
            else:
                self.outbox.record("hint_used", current)
        elif isinstance(event, ShowNotQuite):
            self.outbox.record("error", current, category="not-quite")
        elif isinstance(event, Finished):
            self.outbox.record("finished")

    def news(self) -> list[object]:
        return [InstructorSaid(text) for text in self.outbox.take_messages()]

    def close(self) -> None:
        self.outbox.close()
