"""A service's catalogue of translated messages checked whole (foyer_shared.words): every
message of its template translated in each language, none fuzzy, with the same placeholders,
and compiled as written."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po
from babel.support import Translations

from foyer_shared.words import DEFAULT_LANGUAGE, LANGUAGES

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def assert_complete(directory: Path, at_least: int = 1) -> None:
    with (directory / "messages.pot").open("rb") as template:
        ids = {m.id for m in read_po(template) if m.id}
    assert len(ids) >= at_least, f"{directory}: {len(ids)} messages"
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        found = directory / language / "LC_MESSAGES"
        with (found / "messages.po").open("rb") as po:
            translated = {m.id: m for m in read_po(po) if m.id}
        assert ids <= set(translated), sorted(ids - set(translated))
        for message_id, message in translated.items():
            assert message.string and not message.fuzzy, (language, message_id)
            said = set(PLACEHOLDER.findall(message.string))
            assert said == set(PLACEHOLDER.findall(message_id)), (language, message_id)
        compiled = Translations.load(directory, [language])  # what the service reads
        for message_id, message in translated.items():
            assert compiled.gettext(message_id) == message.string, f"compile {found}"
