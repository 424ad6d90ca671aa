"""Rendering for `tutor practice token ...`. The secret is shown once, at creation: on a terminal with a
sentence saying so; into a pipe or a variable (`TOKEN=$(tutor practice token create)`) alone on stdout, the
sentence on stderr, so that the variable holds the token and nothing else."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from tutor.practice.access_tokens import AccessToken
from tutor.ui.console import Output
from tutor.ui.dates import when


def print_created(output: Output, token: AccessToken, secret: str) -> None:
    values = {"name": token.name, "scope": token.scope, "user": token.user}
    if output.env.stdout.isatty():
        output.print(f"[green]✓[/] {output.say('token.created', **values)}")
        output.out.print(secret, soft_wrap=True, highlight=False, markup=False)
        return
    output.err.print(f"[green]✓[/] {output.say('token.created_piped', **values)}", soft_wrap=True)
    output.env.stdout.write(secret + "\n")
    output.env.stdout.flush()


def _when(at: float | None, output: Output) -> str:
    return when(at) if at else output.t("token.never")


def print_tokens(output: Output, user: str, tokens: list[AccessToken], as_json: bool) -> None:
    if as_json:
        output.out.print_json(json.dumps([token.shown() for token in tokens]))
        return
    if not tokens:
        output.print(output.say("token.none", user=user))
        return
    table = Table(box=None, pad_edge=False)
    for column in ("name", "scope", "created", "last_used", "state", "id"):
        table.add_column(output.t(f"token.col.{column}"))
    for token in tokens:
        state = output.t("token.state.active" if token.active else "token.state.revoked")
        table.add_row(Text(token.name), token.scope, _when(token.created, output), _when(token.last_used, output),
                      state if token.active else f"[dim]{state}[/]", token.id)
    output.print(table)


def print_revoked(output: Output, token: AccessToken) -> None:
    output.print(f"[green]✓[/] {output.say('token.revoked', name=token.name, user=token.user)}")
