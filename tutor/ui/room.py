"""Rendering for `tutor classroom up` and `tutor join`: the room that is up, and the room a learner joined.
(The board and the export are tutor/ui/classroom.py's.)"""

from __future__ import annotations

from tutor.classroom.instructor import Handout
from tutor.classroom.learner import JoinResult
from tutor.classroom.room import RoomConfig
from tutor.ui.console import Output


def print_room(output: Output, room: RoomConfig, handout: Handout) -> None:
    t = output.t
    output.print(f"[green]✓[/] {t('classroom.up', registry=room.registry, service=room.service_url)}")
    if handout.files:
        output.print(t("classroom.handout", markdown=str(handout.files.markdown), csv=str(handout.files.csv),
                       html=str(handout.files.html), count=handout.new_accounts))
    else:
        output.print(t("classroom.handout_kept", directory=str(handout.directory)))
    output.print(t("classroom.room_lessons", lessons=" → ".join(room.lessons)), soft_wrap=True)
    output.print(t("classroom.board_url", url=room.board_url), soft_wrap=True)


def print_joined(output: Output, result: JoinResult) -> None:
    t, room = output.t, result.room
    if result.ca_installed:
        key = "classroom.ca_installed_desktop" if result.desktop else "classroom.ca_installed"
        output.print(f"[green]✓[/] {t(key, path=str(result.ca_installed))}")
    else:
        output.print(t("classroom.ca_manual", ca=room.ca, registry=room.registry), soft_wrap=True)
    output.print(f"[green]✓[/] {t('classroom.joined', registry=room.registry, user=room.user, lesson=room.lesson)}")
    if len(room.lessons) > 1:
        output.print(t("classroom.joined_course", lessons=" → ".join(room.lessons)), soft_wrap=True)
