"""Rendering for `tutor practice ...`."""

from __future__ import annotations

import json

from tutor.i18n import t
from tutor.practice.launcher import Status, UpResult
from tutor.ui.console import err, out


def print_up(result: UpResult) -> None:
    if result.port != result.wanted_port and not result.already_running:
        err().print(f"[yellow]![/] {t('practice.port_taken', wanted=result.wanted_port, port=result.port)}")
    key = "practice.already_up" if result.already_running else "practice.up"
    out().print(f"[green]✓[/] {t(key, address=result.address, launch=result.launch)}")
    if result.topology == "split":
        out().print(t("practice.split_note"))


def print_status(status: Status, as_json: bool) -> None:
    if as_json:
        out().print_json(json.dumps({
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
    console = out()
    console.print(t("practice.status.line", state=state))
    if status.address:
        console.print(t("practice.status.address", address=status.address, launch=status.launch))
        if status.topology == "split":  # on a shared network nothing differs from what the learner expects
            console.print(t("practice.status.topology", topology=t("practice.topology.split")))
    console.print(t("practice.status.accounts", count=status.accounts))
    if status.repositories:
        console.print(t("practice.status.repositories", names=", ".join(status.repositories)))
