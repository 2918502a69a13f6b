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
import re
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
    N_("Invalid input."),
    N_("String does not match expected pattern."),
    # Made with values: matched whole against the message and translated as a template.
    N_("Longer than maximum length %(max)s."),
    N_("Shorter than minimum length %(min)s."),
    N_("Length must be between %(min)s and %(max)s."),
    N_("Length must be %(equal)s."),
    N_("Must be greater than or equal to %(min)s."),
    N_("Must be less than or equal to %(max)s."),
    N_("Must be greater than %(min)s."),
    N_("Must be less than %(max)s."),
    N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    N_("Must be one of: %(choices)s."),
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MIN_TEMPLATE_TEXT = 10  # characters of a template's own text, placeholders left out


def language_of(accept_language) -> str:
    """The best of LANGUAGES for a request's `accept_languages` (werkzeug's), else English."""
    return accept_language.best_match(LANGUAGES) or DEFAULT_LANGUAGE


@functools.cache
def shared_catalogue(language: str) -> NullTranslations:
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(CATALOGUES, [language])


@functools.cache
def catalogue(directory: Path | None, language: str) -> NullTranslations:
    """A service's own catalogue in `directory` for `language`, the shared one behind it (the
    shared one alone when `directory` is None)."""
    shared = shared_catalogue(language)
    if directory is None or language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return shared
    own = Translations.load(directory, [language])
    own.add_fallback(shared)
    return own


@functools.cache
def translator(directory: Path | None, language: str) -> Callable[[str], str]:
    """A message in `language`: its catalogue entry; else the template it is made from ("Longer
    than maximum length 2." from "Longer than maximum length %(max)s."), the most specific
    first, translated with the message's own values (each translated too, when it is a
    message); else the message as it is."""
    found = catalogue(directory, language)
    if not isinstance(found, Translations):  # English: the messages as written
        return found.gettext
    templates = []
    for message_id in _message_ids(found):
        names = _PLACEHOLDER.findall(message_id)
        literal = len(_PLACEHOLDER.sub("", message_id))
        # A template of little text of its own ("%(columns)s or %(last)s", a list's joint)
        # would take any message that has that word in it: only a phrase is matched.
        if names and literal >= MIN_TEMPLATE_TEXT:
            pattern = re.escape(message_id)
            for name in dict.fromkeys(names):
                pattern = pattern.replace(re.escape(f"%({name})s"), f"(?P<{name}>.+?)", 1)
            compiled = re.compile(pattern, re.DOTALL)
            templates.append((literal, compiled, found.gettext(message_id)))
    templates = [(c, words) for _, c, words in sorted(templates, key=lambda t: -t[0])]

    def translate(message: str) -> str:
        said = found.gettext(message)
        if said is not message:
            return said
        for pattern, words in templates:
            match = pattern.fullmatch(message)
            if match:  # a value may be a message itself ("is not accepted: <reason>")
                return words % {key: translate(value) for key, value in match.groupdict().items()}
        return message

    return translate


def _message_ids(found: NullTranslations):
    """Every message id of a catalogue and those behind it."""
    while found is not None:
        yield from (key for key in getattr(found, "_catalog", {}) if isinstance(key, str) and key)
        found = getattr(found, "_fallback", None)


def translated(value, gettext: Callable[[str], str]):
    """`value` (a message, or flask-smorest's nested errors) with each message translated."""
    if isinstance(value, str):
        return gettext(value)
    if isinstance(value, dict):
        return {key: translated(inner, gettext) for key, inner in value.items()}
    if isinstance(value, list):
        return [translated(inner, gettext) for inner in value]
    return value
