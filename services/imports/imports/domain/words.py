"""The file's own checks in the reader's language: the error file is read by the person fixing
the register, so its messages and its two added columns follow the language they asked for
(Accept-Language; the console sends its own). Judging a row never depends on the language:
only the words of a refusal do, and they are made only for refused rows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from foyer_shared import words as shared_words

LANGUAGES = shared_words.LANGUAGES
DEFAULT_LANGUAGE = shared_words.DEFAULT_LANGUAGE
CATALOGUES = Path(__file__).resolve().parent.parent / "translations"


@functools.cache
def gettext_for(language: str) -> Callable[[str], str]:
    """gettext of `language`: imports' own catalogue, then the shared one (the identifier
    rules' reasons); an unknown language reads English."""
    return shared_words.catalogue(CATALOGUES, language).gettext


def every_language(message: str) -> frozenset[str]:
    """`message` in each language: how a column the error file added is known when that file
    comes back, whichever language it was written in."""
    return frozenset(gettext_for(language)(message) for language in LANGUAGES)
