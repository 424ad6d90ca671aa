"""The shape of the code, checked: what each layer may import, and the one seam to Docker."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "tutor"
# What starts or finds a program: subprocess's, os's, shutil's and pexpect's.
STARTERS = {"run", "Popen", "call", "check_call", "check_output", "which", "spawn", "system", "execvp", "execv"}


@functools.cache  # parsed once for the module's tests, which only read the trees
def _modules() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple((path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
                 for path in sorted(PACKAGE.rglob("*.py")) if "lessons" not in path.relative_to(PACKAGE).parts)


def _imported(tree: ast.Module) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
    return found


def _runs_docker(tree: ast.Module) -> list[int]:
    """Lines that start the `docker` program: a call whose first argument is a list or tuple beginning with
    "docker", or `shutil.which("docker")`."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if called not in STARTERS:
            continue
        first = node.args[0]
        if isinstance(first, (ast.List, ast.Tuple)) and first.elts:
            first = first.elts[0]
        if isinstance(first, ast.Constant) and first.value == "docker":
            lines.append(node.lineno)
    return lines


def test_only_the_docker_seam_uses_the_sdk_or_runs_docker():
    seam = PACKAGE / "docker"
    outside = []
    for path, tree in _modules():
        if seam in path.parents:
            continue
        outside += [f"{path.relative_to(REPO)}:{line}: imports {name}" for name, line in _imported(tree)
                    if name == "docker" or name.startswith("docker.")]
        outside += [f"{path.relative_to(REPO)}:{line}: runs docker" for line in _runs_docker(tree)]
    assert not outside, "\n".join(outside)


def test_the_seam_check_sees_what_it_looks_for():
    """The walk above is not blind: it finds an SDK import and a `docker` run where they are."""
    tree = ast.parse('import docker\nfrom docker.errors import APIError\nsubprocess.run(["docker", "logout"])\n'
                     'shutil.which("docker")\nqueue.put("docker")\n')
    assert [name for name, _ in _imported(tree)] == ["docker", "docker.errors"]
    assert _runs_docker(tree) == [3, 4]


def test_no_shipped_lesson_is_named_in_the_code():
    """rustlings' rule: the engine knows no exercise by name. Every lesson id and practice image name of a
    shipped lesson is absent from tutor/'s code, comments and strings alike (the lessons themselves, under
    tutor/lessons/, are content). Step ids are common words (`tag`, `push`, `registry`), so their absence as
    identifiers is proven by playing a renamed copy of each lesson instead (test_live_engine.py)."""
    import re

    from tutor.lesson.loader import bundled_lessons

    names = set()
    for lesson in bundled_lessons():
        names.add(lesson.id)
        if lesson.practice_image:
            names.add(lesson.practice_image.name)
    assert names, "no shipped lesson found"
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names))) + r")(?![\w-])")
    found = [f"{path.relative_to(REPO)}:{number}: {match.group(1)}"
             for path, _ in _modules()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             for match in pattern.finditer(line)]
    assert not found, "\n".join(found)


def _imports_of(folder: str) -> list[tuple[str, str]]:
    """(where, what) for every import in tutor/<folder>/, the function-level ones included."""
    return [(f"{path.relative_to(REPO)}:{line}", name) for path, tree in _modules()
            if (PACKAGE / folder) in path.parents for name, line in _imported(tree)]


def _under(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def test_rich_is_imported_by_the_ui_only():
    outside = [f"{path.relative_to(REPO)}:{line}: imports {name}" for path, tree in _modules()
               if (PACKAGE / "ui") not in path.parents for name, line in _imported(tree) if _under(name, "rich")]
    assert not outside, "\n".join(outside)


def test_the_ui_imports_neither_the_session_nor_the_shell():
    """Views take view-models (events, results): never the session's rules, the engine or a terminal driver."""
    forbidden = ("tutor.live.session", "tutor.live.engine", "tutor.live.shell", "tutor.live.embedded",
                 "tutor.live.watch", "tutor.live.demo", "tutor.live.headless", "pexpect", "tutor.cli")
    found = [f"{where}: imports {name}" for where, name in _imports_of("ui") if _under(name, *forbidden)]
    assert not found, "\n".join(found)


def test_the_use_cases_neither_print_nor_bind():
    """tutor/app/ returns data or events: no typer, no rich, no view, no command line."""
    found = [f"{where}: imports {name}" for where, name in _imports_of("app")
             if _under(name, "typer", "click", "rich", "tutor.ui", "tutor.cli")]
    assert not found, "\n".join(found)


def test_the_command_line_only_binds():
    """tutor/cli/ knows typer, the use cases and the views, and the shared kernel: nothing below the use cases
    (no lesson reader, no checks, no Docker, no live engine)."""
    allowed = ("tutor.cli", "tutor.app", "tutor.ui", "tutor.environment", "tutor.errors", "tutor.i18n")
    found = [f"{where}: imports {name}" for where, name in _imports_of("cli")
             if (_under(name, "tutor") and name != "tutor" and not _under(name, *allowed))
             or _under(name, "docker", "pexpect", "rich", "requests")]
    assert not found, "\n".join(found)


def test_the_lesson_package_imports_nothing_above_it():
    """The lesson schema is the lesson package's: the checks read it, never the other way round."""
    above = ("tutor.checks", "tutor.live", "tutor.app", "tutor.ui", "tutor.cli", "tutor.practice", "tutor.classroom",
             "tutor.docker", "tutor.registry")
    found = [f"{where}: imports {name}" for where, name in _imports_of("lesson") if _under(name, *above)]
    assert not found, "\n".join(found)


def test_the_language_is_set_once_at_the_edge():
    """The process's language is set where the command line is read, and nowhere else (the views are handed it)."""
    calls = [str(path.relative_to(REPO)) for path, tree in _modules() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and "set_language" in (getattr(node.func, "id", None),
                                                                  getattr(node.func, "attr", None))]
    assert calls == ["tutor/cli/app.py"], calls
