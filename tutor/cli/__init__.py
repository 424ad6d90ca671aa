"""The command line (typer): `app.py` builds the command group and turns errors into exit codes; one module
per family of commands binds options to one use case of tutor/app/ and one renderer of tutor/ui/; `words.py`
speaks typer's own words in the learner's language."""

from tutor.cli.app import build_app, main, split_language

__all__ = ["build_app", "main", "split_language"]
