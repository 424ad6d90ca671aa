import string

import pytest

from tutor.i18n import LANGUAGES, detect_language, language_from_locale, t
from tutor.messages import MESSAGES


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_string_exists_in_every_language_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), f"{key}: languages {sorted(entry)}"
    for lang in LANGUAGES:
        assert entry[lang].strip(), f"{key}: empty in {lang}"
    assert _fields(entry["id"]) == _fields(entry["en"]), key


def test_used_message_keys_exist():
    """Every t("...")/error("...") key and Problem key written in the code is in the catalogue."""
    import re
    from pathlib import Path

    import tutor

    root = Path(tutor.__file__).parent
    pattern = re.compile(r"""["']((?:cli|problem|error|lesson|check|practice|session|verdict)\.[a-z0-9_.]+)["']""")
    used = {m for path in root.rglob("*.py") if path.name != "messages.py"
            for m in pattern.findall(path.read_text(encoding="utf-8"))}
    missing = sorted(key for key in used if key not in MESSAGES and not key.endswith((".", ".yaml", ".md")))
    assert not missing


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("id", {"TUTOR_LANG": "en", "LANG": "en_US.UTF-8"}, "id"),
        (None, {"TUTOR_LANG": "id", "LANG": "en_US.UTF-8"}, "id"),
        (None, {"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
        (None, {"LC_MESSAGES": "id_ID", "LANG": "en_US"}, "id"),
        (None, {"LANG": "id_ID.UTF-8"}, "id"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "id_ID.UTF-8"}, "en"),
        (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "id_ID.UTF-8"}, "en"),  # first set variable decides
        (None, {"LC_ALL": "", "LANG": "id_ID.UTF-8"}, "id"),  # empty counts as unset
        (None, {"LANG": "C"}, "en"),
        (None, {}, "en"),
        (None, {"TUTOR_LANG": "xx", "LANG": "id_ID"}, "id"),  # an unknown TUTOR_LANG is skipped
    ],
)
def test_language_selection_rules(explicit, env, expected):
    assert detect_language(explicit, env) == expected


def test_locale_parsing():
    assert language_from_locale("id_ID.UTF-8") == "id"
    assert language_from_locale("in_ID") == "id"
    assert language_from_locale("en_GB.ISO-8859-1@euro") == "en"
    assert language_from_locale("POSIX") is None


def test_lookup_formats_values():
    assert t("cli.version", "id", version="9") == "tutor 9"


def test_no_placeholder_collides_with_the_lookup_parameters():
    """t(key, lang, **values): a value named `key` or `lang` would crash the lookup."""
    for key, entry in MESSAGES.items():
        assert not _fields(entry["en"]) & {"key", "lang"}, key
