"""Rendering for `tutor practice ...`."""

from __future__ import annotations

import json
from collections.abc import Iterable

from tutor.app.practice import ImageMade, MakingImage, Started, UserAdded
from tutor.practice.launcher import DownResult, Status, UpResult
from tutor.ui.console import Output


def print_up(output: Output, result: UpResult) -> None:
    t = output.t
    if result.port != result.wanted_port and not result.already_running:
        output.err.print(f"[yellow]![/] {t('practice.port_taken', wanted=result.wanted_port, port=result.port)}")
    key = "practice.already_up" if result.already_running else "practice.up"
    output.out.print(f"[green]✓[/] {t(key, address=result.address, launch=result.launch)}")
    if result.topology == "split":
        output.out.print(t("practice.split_note"))


def print_status(output: Output, status: Status, as_json: bool) -> None:
    t = output.t
    if as_json:
        output.out.print_json(json.dumps({
            "running": status.running, "address": status.address, "launch": status.launch,
            "registry_alive": status.registry_alive, "token_service_alive": status.token_alive,
            "accounts": status.accounts, "repositories": status.repositories, "topology": status.topology,
        }))
        return
    if status.running:
        state = f"[green]{t('practice.status.running')}[/]"
    elif status.address:  # recorded as up, but a process died
        dead = [t("practice.what.registry")] if not status.registry_alive else []
        dead += [t("practice.what.token")] if not status.token_alive else []
        state = f"[red]{t('practice.status.crashed', what=', '.join(dead) or t('practice.what.registry'))}[/]"
    else:
        state = t("practice.status.stopped")
    console = output.out
    console.print(t("practice.status.line", state=state))
    if status.address:
        console.print(t("practice.status.address", address=status.address, launch=status.launch))
        if status.topology == "split":  # on a shared network nothing differs from what the learner expects
            console.print(t("practice.status.topology", topology=t("practice.topology.split")))
    console.print(t("practice.status.accounts", count=status.accounts))
    if status.repositories:
        console.print(t("practice.status.repositories", names=", ".join(status.repositories)))


def print_user_added(output: Output, added: UserAdded) -> None:
    key = "practice.password_reset" if added.reset else "practice.user_added"
    output.print(f"[green]✓[/] {output.t(key, name=added.name)}")
    if added.password:
        output.print(output.t("practice.password_once", name=added.name, password=added.password), soft_wrap=True)


def print_down(output: Output, result: DownResult, purge: bool) -> None:
    output.print(output.t("practice.down" if result.was_running else "practice.not_running"))
    if purge:
        output.print(output.t("practice.purged"))


def print_up_events(output: Output, events: Iterable[Started | MakingImage | ImageMade]) -> None:
    """`tutor practice up` as it happens: the registry, then a spinner while each practice image is made."""
    making = None
    try:
        for event in events:
            if making is not None:
                making.stop()
                making = None
            if isinstance(event, Started):
                print_up(output, event.result)
            elif isinstance(event, MakingImage):
                making = output.out.status(output.t("practice.image_making"))
                making.start()
            elif isinstance(event, ImageMade):
                output.print(f"[green]✓[/] {output.t('practice.image_made', image=event.name)}")
    finally:
        if making is not None:
            making.stop()
