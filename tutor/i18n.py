"""Which language the learner reads, and the lookup of UI strings in it.

The strings themselves live in `tutor/messages.py`; every key exists in every language (a test enforces it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from tutor.messages import MESSAGES

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "en"
_LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}

_current = DEFAULT_LANGUAGE


def language_from_locale(value: str) -> str | None:
    """`id_ID.UTF-8` -> `id`; `en_US` -> `en`; `C`, `POSIX`, `fr_FR` -> None."""
    code = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    # `in` is the pre-1989 ISO code for Indonesian that some old systems still report.
    code = {"in": "id"}.get(code, code)
    return code if code in LANGUAGES else None


def detect_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """--lang wins; then TUTOR_LANG; then the first *set* of LC_ALL, LC_MESSAGES, LANG (as POSIX does); else en."""
    env = os.environ if environ is None else environ
    if explicit:
        found = language_from_locale(explicit)
        if found:
            return found
    tutor_lang = env.get("TUTOR_LANG", "")
    if tutor_lang and (found := language_from_locale(tutor_lang)):
        return found
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            # POSIX: the first non-empty variable decides, even when it names a language we lack.
            return language_from_locale(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def current_language() -> str:
    return _current


def language_name(lang: str) -> str:
    return _LANGUAGE_NAMES.get(lang, lang)


def for_mode(key: str, watch: bool, demo: bool = False) -> str:
    """`key`, or in --watch (keys instead of typed words) its `.watch` variant where there is one, or in --demo
    (the tutor types) its `.demo` variant where there is one."""
    if demo and f"{key}.demo" in MESSAGES:
        return f"{key}.demo"
    return f"{key}.watch" if watch and f"{key}.watch" in MESSAGES else key


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The UI string `key` in `lang` (default: the current language), formatted with `values`."""
    entry = MESSAGES[key]
    text = entry[lang or _current]
    return text.format(**values) if values else text
