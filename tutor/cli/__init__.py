"""The command line (typer): `app.py` builds the command group and turns errors into exit codes; one module
per family of commands binds options to one use case of tutor/app/ and one renderer of tutor/ui/; `words.py`
speaks typer's own words in the learner's language.

The modules that define commands (all but options.py and words.py) do without `from __future__ import
annotations`: typer reads every command's parameters at each start, and annotations left as strings are compiled
and evaluated twice each, about a third of building the command tree (`tutor list` and `tutor --help` must start
within 1.5x of `import typer`: benchmarks/bench_session.py)."""

from tutor.cli.app import build_app, main, split_language

__all__ = ["build_app", "main", "split_language"]
