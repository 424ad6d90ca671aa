"""`tutor practice token create|list|revoke`."""

# No `from __future__ import annotations`: typer reads these commands' annotations at every start (see
# tutor/cli/__init__.py).

from typing import Optional

import typer

from tutor.cli.options import Options, env_of
from tutor.cli.words import TutorCommand
from tutor.i18n import t


def add(token: typer.Typer, options: Options) -> None:
    user = typer.Option(None, "--user", help=t("cli.opt.token_user"), metavar=t("cli.meta.name"))

    @token.command("create", cls=TutorCommand, help=t("cli.token.create.help"))
    def token_create(ctx: typer.Context,
                     scope: str = typer.Option("read", "--scope", help=t("cli.opt.token_scope"), metavar="read|write"),
                     name: Optional[str] = typer.Option(None, "--name", help=t("cli.opt.token_name"),
                                                        metavar=t("cli.meta.name")),
                     account: Optional[str] = user) -> None:
        from tutor.app import tokens as use
        from tutor.ui.console import Output
        from tutor.ui.tokens import print_created

        print_created(Output(env_of(ctx)), *use.create(account, scope, name))

    @token.command("list", cls=TutorCommand, help=t("cli.token.list.help"))
    def token_list(ctx: typer.Context, account: Optional[str] = user, as_json: bool = options.json) -> None:
        from tutor.app import tokens as use
        from tutor.ui.console import Output
        from tutor.ui.tokens import print_tokens

        name = use.account(account)
        print_tokens(Output(env_of(ctx)), name, use.listed(name), as_json)

    @token.command("revoke", cls=TutorCommand, help=t("cli.token.revoke.help"))
    def token_revoke(ctx: typer.Context,
                     which: str = typer.Argument(..., help=t("cli.arg.token"), metavar=t("cli.meta.name")),
                     account: Optional[str] = user) -> None:
        from tutor.app import tokens as use
        from tutor.ui.console import Output
        from tutor.ui.tokens import print_revoked

        print_revoked(Output(env_of(ctx)), use.revoke(account, which))
