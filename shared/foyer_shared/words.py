"""Messages people read, in the language they asked for (Accept-Language: English, Swedish).

The shared rules' reasons (`identifiers`, the shared fields) and marshmallow's field messages
are marked here with `N_` and translated where an answer is made: the one error shape
(`api.FoyerApi`) translates every message of a 4xx it has a translation for, so a field error
reads "kontrollsiffran stämmer inte" on a Swedish console page. A message made with values in
it (a service's own f-strings) has no entry and stays English. Services with words of their own
(imports' error file) load their catalogue over this one (`catalogue`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "sv")  # the console's languages; English is the messages' own
DEFAULT_LANGUAGE = "en"
CATALOGUES = Path(__file__).resolve().parent / "translations"


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Marks `message` for translation where it is shown (gettext_noop): raised or stored in
    English, translated when someone reads it."""
    return message


# marshmallow's own field messages, as flask-smorest answers a body that does not fit a schema
# (the formatted ones, "Must be one of: …", differ by field and are left as they are).
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Unknown field."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid UUID."),
    N_("Not a valid email address."),
    N_("Not a valid URL."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Invalid type."),
    N_("Invalid input type."),
)


def language_of(accept_language) -> str:
    """The best of LANGUAGES for a request's `accept_languages` (werkzeug's), else English."""
    return accept_language.best_match(LANGUAGES) or DEFAULT_LANGUAGE


@functools.cache
def shared_catalogue(language: str) -> NullTranslations:
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(CATALOGUES, [language])


def catalogue(directory: Path, language: str) -> NullTranslations:
    """A service's own catalogue in `directory` for `language`, this one behind it."""
    shared = shared_catalogue(language)
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return shared
    own = Translations.load(directory, [language])
    own.add_fallback(shared)
    return own


def translated(value, gettext: Callable[[str], str]):
    """`value` (a message, or flask-smorest's nested errors) with each message translated."""
    if isinstance(value, str):
        return gettext(value)
    if isinstance(value, dict):
        return {key: translated(inner, gettext) for key, inner in value.items()}
    if isinstance(value, list):
        return [translated(inner, gettext) for inner in value]
    return value
