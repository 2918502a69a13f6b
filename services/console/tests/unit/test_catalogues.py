"""The Swedish catalogue is complete and compiled."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

FOLDER = Path(__file__).resolve().parents[2] / "console/translations/sv/LC_MESSAGES"


def test_every_text_has_a_swedish_translation_and_the_mo_is_compiled_from_the_po():
    with open(FOLDER / "messages.po", "rb") as handle:
        po = read_po(handle)
    with open(FOLDER / "messages.mo", "rb") as handle:
        mo = read_mo(handle)
    untranslated = [m.id for m in po if m.id and not m.string]
    assert untranslated == []
    assert {m.id: m.string for m in po if m.id} == {m.id: m.string for m in mo if m.id}
