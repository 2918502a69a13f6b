"""The file's own checks in the reader's language: the error file is read by the person fixing
the register, so its messages and its two added columns follow the language they asked for
(Accept-Language; the console sends its own). Judging a row never depends on the language:
only the words of a refusal do, and they are made only for refused rows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "sv")  # the console's languages; English is the messages' own
DEFAULT_LANGUAGE = "en"
CATALOGUES = Path(__file__).resolve().parent.parent / "translations"


@functools.cache
def gettext_for(language: str) -> Callable[[str], str]:
    """gettext of `language`'s catalogue; an unknown language reads English."""
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations().gettext
    return Translations.load(CATALOGUES, [language]).gettext


def every_language(message: str) -> frozenset[str]:
    """`message` in each language: how a column the error file added is known when that file
    comes back, whichever language it was written in."""
    return frozenset(gettext_for(language)(message) for language in LANGUAGES)
