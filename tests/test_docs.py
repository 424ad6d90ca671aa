"""Docs that drift from the code are caught here."""

import re

from conftest import REPO


def test_every_command_in_help_is_in_the_readme(tutor):
    readme = (REPO / "README.md").read_text()
    help_text = tutor("--help").stdout + tutor("practice", "--help").stdout
    commands = re.findall(r"^  (\w[\w-]*)\s{2,}", help_text, re.MULTILINE)
    assert {"list", "show", "validate", "check", "why", "start", "progress", "reset", "practice"} <= set(commands)
    for command in commands:
        assert f"tutor {command}" in readme or f"{command}" in readme.split("tutor practice ")[1], command


def test_readme_names_the_two_commands_and_ci_calls_the_test_one():
    readme = (REPO / "README.md").read_text()
    assert "scripts/start" in readme and "scripts/test" in readme
    assert "scripts/test" in (REPO / ".ci" / "run").read_text()


def test_every_check_kind_is_documented_for_authors():
    from tutor.lesson.schema import KINDS

    guide = (REPO / "docs" / "writing-lessons.md").read_text()
    for kind in KINDS:
        assert f"`{kind}`" in guide, kind
