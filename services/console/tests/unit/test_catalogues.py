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
    untranslated = [m.id for m in po if m.id and not all(_forms(m.string))]
    assert untranslated == []
    assert _texts(po) == _texts(mo)


def _forms(text) -> tuple:
    """A text's forms: one, or one per plural form (a list or tuple, by the reader)."""
    return tuple(text) if isinstance(text, list | tuple) else (text,)


def _texts(catalog) -> dict:
    return {_forms(m.id): _forms(m.string) for m in catalog if m.id}
