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


def test_the_quick_run_in_the_readme_and_the_design_is_one_that_pytest_knows(pytestconfig):
    """The quick run's command names markers pytest has registered (--strict-markers refuses others only where
    they mark a test, never in -m) and a hypothesis profile that exists; README and DESIGN give the same one."""
    from hypothesis import settings

    readme = (REPO / "README.md").read_text()
    command = re.search(r'pytest -m "([^"]+)" --hypothesis-profile=(\w+)', readme)
    assert command, "the README does not give the quick run"
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(re.findall(r"not (\w+)", command.group(1))) == {"engine", "slow"} <= registered
    assert settings.get_profile(command.group(2)).max_examples < settings.get_profile("default").max_examples
    assert command.group(0) in " ".join((REPO / "docs" / "DESIGN.md").read_text().split())
