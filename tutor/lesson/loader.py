"""Loads a lesson directory (`lesson.yaml` + one `<lang>.md` per language) into a Lesson, collecting every
problem with its file and line. `validate_lesson` returns the problems; `load_lesson` raises LessonError when
any is fatal. Whatever bytes the files hold, nothing but LessonError escapes (a property test feeds it noise).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tutor.errors import LessonError
from tutor.i18n import LANGUAGES
from tutor.lesson.catalog import MANIFEST, find_lesson, list_lessons
from tutor.lesson.fields import read_fields
from tutor.lesson.forks import platform_problems, read_only
from tutor.lesson.markdown import ID_PATTERN, parse_language_file
from tutor.lesson.model import CheckSpec, Lesson, LessonText, Problem, Problems, Step, Trigger
from tutor.lesson.schema import DIAGNOSES, KINDS
from tutor.lesson.template import NAME, VARIABLE, CycleError, resolve, variables_in
from tutor.lesson.yaml_lines import error_line, error_text, line_in, load_yaml

FORMAT_VERSIONS = (1,)
MAX_FILE_BYTES = 1_000_000  # a lesson file is prose; anything bigger is a mistake, not a lesson


def _read(path: Path, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        problems.add(str(path), 1, "problem.unreadable", error=error.strerror or str(error))
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(str(path), 1, "problem.too_big", limit=MAX_FILE_BYTES)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(str(path), line, "problem.not_utf8")
        return None


def _string_map(value: Any, path: str, line: int, what: str, problems: Problems) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(path, line, "problem.must_be_mapping", field=what)
        return {}
    result = {}
    for key, raw in value.items():
        key_line = line_in(value, key, line)
        if not isinstance(key, str) or not NAME.match(key):
            problems.add(path, key_line, "problem.bad_variable_name", name=str(key))
        elif isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            problems.add(path, key_line, "problem.variable_not_text", name=key)
        else:
            result[key] = str(raw)
    return result


def _parse_check(item: Any, path: str, line: int, problems: Problems) -> CheckSpec | None:
    until = item.get("until") if isinstance(item, dict) else None
    if isinstance(item, dict) and "until" in item:
        if not isinstance(until, str):
            problems.add(path, line_in(item, "until", line), "problem.until_not_step", step=str(until))
            return None
        item = {key: value for key, value in item.items() if key != "until"}
    if not isinstance(item, dict) or len(item) != 1:
        problems.add(path, line, "problem.check_shape")
        return None
    ((kind_name, args),) = item.items()
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        problems.add(path, line, "problem.unknown_check", kind=str(kind_name), known=", ".join(sorted(KINDS)))
        return None
    if not isinstance(args, dict):
        if len(kind.required) == 1 and isinstance(args, (str, int)) and not isinstance(args, bool):
            args = {kind.required[0]: args}  # shorthand: `- image_exists: my-app`
        else:
            problems.add(path, line, "problem.check_args_shape", kind=kind.name)
            return None
    ok = True
    for name in kind.required:
        if name not in args:
            problems.add(path, line, "problem.check_arg_missing", kind=kind.name, arg=name)
            ok = False
    for name, value in args.items():
        arg_line = line_in(args, name, line)
        if name not in kind.required + kind.optional:
            problems.add(path, arg_line, "problem.check_arg_unknown", kind=kind.name, arg=str(name),
                         known=", ".join(kind.required + kind.optional))
            ok = False
        elif name in kind.int_args:
            if isinstance(value, bool) or not isinstance(value, int):
                problems.add(path, arg_line, "problem.check_arg_not_int", kind=kind.name, arg=name)
                ok = False
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            problems.add(path, arg_line, "problem.check_arg_not_text", kind=kind.name, arg=str(name))
            ok = False
        elif name in dict(kind.choices) and str(value) not in dict(kind.choices)[name]:
            problems.add(path, arg_line, "problem.check_arg_choice", kind=kind.name, arg=name, value=str(value),
                         known=", ".join(dict(kind.choices)[name]))
            ok = False
        elif name in kind.word_args and len(str(value).split()) != 1:
            problems.add(path, arg_line, "problem.check_arg_not_word", kind=kind.name, arg=name)
            ok = False
        elif name in kind.regex_args:
            try:
                # Variables are filled in escaped at run time, so a plain placeholder stands in for them here.
                re.compile(VARIABLE.sub("x", str(value)))
            except re.error as error:
                problems.add(path, arg_line, "problem.bad_regex", kind=kind.name, arg=name, error=str(error))
                ok = False
    if not ok:
        return None
    values = {k: (v if k in kind.int_args else str(v)) for k, v in args.items()}
    return CheckSpec(kind.name, MappingProxyType(values), line, until)


def _parse_trigger(item: Any, path: str, line: int, problems: Problems) -> Trigger | None:
    if not isinstance(item, dict) or not isinstance(item.get("hint"), str):
        problems.add(path, line, "problem.trigger_shape")
        return None
    text, regex, diagnosis = item.get("output"), item.get("regex"), item.get("diagnosis")
    unknown = set(item) - {"output", "regex", "hint", "diagnosis"}
    if unknown or (text is None) == (regex is None):
        problems.add(path, line, "problem.trigger_shape")
        return None
    if diagnosis is not None and (not isinstance(diagnosis, str) or diagnosis not in DIAGNOSES):
        problems.add(path, line_in(item, "diagnosis", line), "problem.unknown_diagnosis", name=str(diagnosis),
                     known=", ".join(sorted(DIAGNOSES)))
        return None
    if not isinstance(text if text is not None else regex, str):
        problems.add(path, line, "problem.trigger_shape")
        return None
    if regex is not None:
        try:
            re.compile(regex)
        except re.error as error:
            problems.add(path, line, "problem.bad_trigger_regex", error=str(error))
            return None
    return Trigger(hint=item["hint"], line=line, text=text, regex=regex, diagnosis=diagnosis)


def _parse_list(value: Any, path: str, line: int, what: str, problems: Problems, parse) -> tuple:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, line, "problem.must_be_list", field=what)
        return ()
    parsed = (parse(item, path, line_in(value, index, line), problems) for index, item in enumerate(value))
    return tuple(item for item in parsed if item is not None)


def _collect(directory: Path) -> tuple[Lesson | None, list[Problem]]:
    problems = Problems()
    manifest = directory / MANIFEST
    mpath = str(manifest)
    text = _read(manifest, problems)
    if text is None:
        if not problems.problems:
            problems.add(mpath, 1, "problem.no_manifest")
        return None, problems.problems
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        problems.add(mpath, error_line(error), "problem.yaml_syntax", error=error_text(error))
        return None, problems.problems
    except RecursionError:
        problems.add(mpath, 1, "problem.yaml_syntax", error="nested too deeply")
        return None, problems.problems
    if not isinstance(data, dict):
        problems.add(mpath, 1, "problem.manifest_not_mapping")
        return None, problems.problems
    for key, key_line in getattr(data, "duplicate_keys", []):
        problems.add(mpath, key_line, "problem.duplicate_key", field=str(key))

    version = data.get("format_version")
    if version not in FORMAT_VERSIONS or isinstance(version, bool):
        problems.add(mpath, line_in(data, "format_version", 1), "problem.format_version",
                     found=str(version), known=", ".join(map(str, FORMAT_VERSIONS)))
        return None, problems.problems  # an unknown format: reading further would only guess

    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not ID_PATTERN.match(lesson_id):
        problems.add(mpath, line_in(data, "id", 1), "problem.bad_lesson_id", id=str(lesson_id))
        lesson_id = directory.name

    languages = data.get("languages", list(LANGUAGES))
    if not isinstance(languages, list) or not languages or not all(lang in LANGUAGES for lang in languages):
        problems.add(mpath, line_in(data, "languages", 1), "problem.languages", known=", ".join(LANGUAGES))
        languages = [lang for lang in languages if lang in LANGUAGES] if isinstance(languages, list) else []
    languages = list(dict.fromkeys(languages)) or list(LANGUAGES)

    variables = _string_map(data.get("variables"), mpath, line_in(data, "variables", 1), "variables", problems)
    profiles_raw = data.get("profiles") or {}
    profiles: dict[str, Mapping[str, str]] = {}
    if not isinstance(profiles_raw, dict):
        problems.add(mpath, line_in(data, "profiles", 1), "problem.must_be_mapping", field="profiles")
    else:
        for name, overrides in profiles_raw.items():
            pline = line_in(profiles_raw, name, 1)
            values = _string_map(overrides, mpath, pline, f"profiles.{name}", problems)
            for var in values:
                if var not in variables:
                    problems.add(mpath, pline, "problem.profile_unknown_variable", profile=str(name), name=var)
            profiles[str(name)] = MappingProxyType(values)
    for _profile, overrides in [(None, {})] + list(profiles.items()):
        try:
            resolve(variables, overrides)
        except CycleError as cycle:
            problems.add(mpath, line_in(data, "variables", 1), "problem.variable_cycle", names=", ".join(cycle.names))
            break

    lesson_triggers = _parse_list(data.get("triggers"), mpath, line_in(data, "triggers", 1), "triggers",
                                  problems, _parse_trigger)
    steps: list[Step] = []
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.add(mpath, line_in(data, "steps", 1), "problem.no_steps")
        raw_steps = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_steps):
        sline = line_in(raw_steps, index, 1)
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            problems.add(mpath, sline, "problem.step_shape")
            continue
        step_id = raw["id"]
        if not ID_PATTERN.match(step_id):
            problems.add(mpath, sline, "problem.bad_id", id=step_id)
            continue
        if step_id in seen:
            problems.add(mpath, sline, "problem.duplicate_step", id=step_id, first=seen[step_id])
            continue
        seen[step_id] = sline
        unknown = set(raw) - {"id", "checks", "triggers", "only"}
        for key in sorted(map(str, unknown)):
            problems.add(mpath, line_in(raw, key, sline), "problem.step_unknown_key", field=key)
        checks = _parse_list(raw.get("checks"), mpath, line_in(raw, "checks", sline), "checks", problems, _parse_check)
        triggers = _parse_list(raw.get("triggers"), mpath, line_in(raw, "triggers", sline), "triggers",
                               problems, _parse_trigger)
        only = read_only(raw["only"], mpath, line_in(raw, "only", sline), problems) if "only" in raw else ()
        steps.append(Step(step_id, checks, triggers, sline, only))

    order = [step.id for step in steps]
    for position, step in enumerate(steps):
        for check in step.checks:
            if check.until is not None and check.until not in order[position + 1:]:
                problems.add(mpath, check.line, "problem.until_not_step", step=check.until)
    platform_problems(steps, mpath, problems)
    fields = read_fields(data, mpath, directory, variables, set(seen), problems)
    # Variables used in the manifest's check arguments must be defined too.
    for step in steps:
        for check in step.checks:
            for value in check.args.values():
                for name in variables_in(str(value)):
                    if name not in variables:
                        problems.add(mpath, check.line, "problem.undefined_variable", name=name)

    texts: dict[str, LessonText] = {}
    hints_anywhere: dict[str, set[str]] = {}  # hint name -> languages that define it (step or common)
    for lang in languages:
        lpath = directory / f"{lang}.md"
        source = _read(lpath, problems)
        if source is None:
            if not any(p.path == str(lpath) for p in problems.problems):
                problems.add(str(lpath), 1, "problem.no_language_file", language=lang)
            continue
        parsed = parse_language_file(source, str(lpath), lang)
        problems.problems.extend(parsed.problems)
        given = _diagnosis_values(lesson_triggers + tuple(t for s in steps for t in s.triggers), parsed)
        for name, line in parsed.variable_uses:
            if name not in variables and not any(name in names and start <= line < end
                                                 for start, end, names in given):
                problems.add(str(lpath), line, "problem.undefined_variable", name=name)
        for step_id, line in parsed.step_lines.items():
            if step_id not in seen:
                problems.add(str(lpath), line, "problem.step_not_in_manifest", id=step_id, manifest=MANIFEST)
        if parsed.text is not None:
            texts[lang] = parsed.text
            for step_text in parsed.text.steps.values():
                for name in step_text.named_hints:
                    hints_anywhere.setdefault(name, set()).add(lang)
            for name in parsed.text.common_hints:
                hints_anywhere.setdefault(name, set()).add(lang)

    for text in texts.values():
        _missing_steps(steps, text, problems)
    for trigger in lesson_triggers + tuple(t for s in steps for t in s.triggers):
        if trigger.hint not in hints_anywhere:
            problems.add(mpath, trigger.line, "problem.unknown_hint", name=trigger.hint)
        else:
            for lang in texts:
                if lang not in hints_anywhere[trigger.hint]:
                    problems.add(mpath, trigger.line, "problem.hint_missing_in_language", fatal=False,
                                 name=trigger.hint, file=Path(texts[lang].path).name)

    lesson = Lesson(
        id=lesson_id,
        format_version=version,
        directory=directory,
        languages=tuple(languages),
        variables=MappingProxyType(variables),
        profiles=MappingProxyType(profiles),
        triggers=lesson_triggers,
        steps=tuple(steps),
        texts=MappingProxyType(texts),
        warnings=tuple(p for p in problems.problems if not p.fatal),
        journey=fields.journey,
        summary=fields.summary,
        practice_image=fields.practice_image,
        default=fields.default,
        course=fields.course,
    )
    return lesson, problems.problems


def _diagnosis_values(triggers: tuple[Trigger, ...], parsed) -> list[tuple[int, int, tuple[str, ...]]]:
    """(first line, line after, names): the lines of each named hint a diagnosed trigger shows, and the values
    its diagnosis gives that hint beside the lesson's variables."""
    spans = []
    for trigger in triggers:
        if trigger.diagnosis:
            names = DIAGNOSES[trigger.diagnosis].values
            spans += [(start, end, names) for start, end in parsed.hint_spans.get(trigger.hint, ())]
    return spans


def _missing_steps(steps: list[Step], text: LessonText, problems: Problems) -> None:
    """Every declared step needs a section in every language file. A missing one is an error, said where its
    section belongs in that file: without its heading, its prose would run into the step before it."""
    ids = [step.id for step in steps]
    for index, step_id in enumerate(ids):
        if step_id in text.steps:
            continue
        following = next((s for s in ids[index + 1:] if s in text.steps), None)
        preceding = next((s for s in reversed(ids[:index]) if s in text.steps), None)
        if following is not None:
            problems.add(text.path, text.steps[following].line, "problem.step_missing_before", id=step_id)
        elif preceding is not None:
            problems.add(text.path, text.steps[preceding].line, "problem.step_missing_after", id=step_id,
                         after=preceding)
        else:
            problems.add(text.path, 1, "problem.step_missing_before", id=step_id)


def read_lesson(directory: Path) -> tuple[Lesson | None, list[Problem]]:
    """The lesson as far as it can be read (None when not at all), and every problem found on the way."""
    try:
        return _collect(directory)
    except RecursionError:  # pathological nesting in a file: still the lesson's fault, still one message
        return None, [Problem(str(directory / MANIFEST), 1, "problem.yaml_syntax",
                              MappingProxyType({"error": "nested too deeply"}))]


def validate_lesson(directory: Path) -> list[Problem]:
    """Every problem of the lesson in `directory`, fatal or not, in file-then-line order."""
    _, problems = read_lesson(directory)
    return sorted(problems, key=lambda p: (p.path, p.line))


def load_lesson(directory: Path) -> Lesson:
    """The lesson in `directory`; raises LessonError listing the fatal problems if it cannot be run."""
    lesson, problems = read_lesson(directory)
    fatal = [p for p in problems if p.fatal]
    if fatal or lesson is None or not lesson.texts:
        raise LessonError(sorted(fatal or problems, key=lambda p: (p.path, p.line)))
    return lesson


def load_named(name_or_path: str) -> Lesson:
    """A lesson by id (bundled) or by directory path, as the learner names it on the command line."""
    return load_lesson(find_lesson(name_or_path))


def bundled_lessons() -> list[Lesson]:
    """Every lesson shipped with the tutor that loads (a broken one is left out: `tutor validate` names it)."""
    lessons = []
    for directory in list_lessons():
        try:
            lessons.append(load_lesson(directory))
        except LessonError:
            continue
    return lessons
