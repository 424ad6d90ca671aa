"""The words a learner types in the tutor's shell to reach the tutor, in each language the tutor speaks.

Every spelling works whatever the language (a learner may read Indonesian and type `hint`); each language's
own spellings are the ones its help line shows. The session knows only the English names; the shell maps
what was typed. A spelling that is already a command in the learner's shell (a program on PATH, an alias, a
function) is left to the learner: tutor.live.shell does not define it, and the engine says which word is unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

# The session's word -> its spelling per language. `exit` is the shell's own; `keluar` leaves the same way.
WORDS: dict[str, dict[str, str]] = {
    "hint": {"en": "hint", "id": "petunjuk"},
    "check": {"en": "check", "id": "periksa"},
    "why": {"en": "why", "id": "kenapa"},
    "next": {"en": "next", "id": "lanjut"},
    "answer": {"en": "answer", "id": "jawab"},
    "skip": {"en": "skip", "id": "lewati"},
    "back": {"en": "back", "id": "kembali"},
    "steps": {"en": "steps", "id": "langkah"},
    "lang": {"en": "lang", "id": "bahasa"},
    "exit": {"en": "exit", "id": "keluar"},
}
ARGUMENTS = {"answer": "X", "lang": "id|en"}  # shown after the word in the help line

# What was typed -> the session's word, for every word the tutor handles (exit is the shell's).
SPELLINGS: dict[str, str] = {spelled: word for word, by_lang in WORDS.items() if word != "exit"
                             for spelled in by_lang.values()}
EXIT_SPELLINGS = tuple(spelled for spelled in WORDS["exit"].values() if spelled != "exit")  # shell functions


def spelled(word: str, lang: str) -> str:
    return WORDS[word].get(lang, word)


# A word whose every spelling the learner's shell keeps has a command of its own outside the shell's words.
OUTSIDE = {"check": "tutor check {lesson}", "why": "tutor why {lesson}"}


def usable(word: str, lang: str, taken: frozenset[str] = frozenset(), lesson: str = "") -> str:
    """What to tell the learner to type for `word`: the language's spelling, else one the shell left free,
    else (check, why) the tutor's own command for it; else the language's spelling (the tutor said it is taken)."""
    own = spelled(word, lang)
    if own not in taken:
        return own
    free = [other for other in WORDS[word].values() if other not in taken]
    if free:
        return free[0]
    return OUTSIDE[word].format(lesson=lesson) if word in OUTSIDE and lesson else own


@lru_cache(maxsize=32)
def said_words(lang: str, taken: frozenset[str] = frozenset(), lesson: str = "") -> Mapping[str, str]:
    """The `{w_WORD}` values of the UI strings that tell the learner what to type. Every string the live view
    shows asks for them, and they change only with the language, the words the shell took and the lesson: made
    once for each, and read-only, as every caller shares them."""
    return MappingProxyType({f"w_{word}": usable(word, lang, taken, lesson) for word in WORDS})


def help_words(lang: str, taken: frozenset[str] = frozenset(), lesson: str = "") -> str:
    """`hint, check, ..., lang id|en, exit` in the language's own spellings (those the shell left free)."""
    return ", ".join(f"{usable(word, lang, taken, lesson)} {ARGUMENTS[word]}" if word in ARGUMENTS
                     else usable(word, lang, taken, lesson) for word in WORDS)


def word_of(typed: str) -> str | None:
    """The session's word `typed` is a spelling of (`periksa` -> check, `keluar` -> exit); None for no word."""
    return SPELLINGS.get(typed) or ("exit" if typed in WORDS["exit"].values() else None)


def other_spellings(typed: str) -> list[str]:
    """The other spellings of the word `typed` is a spelling of."""
    word = word_of(typed)
    return [s for s in WORDS[word].values() if s != typed] if word else []
