"""The CRM's messages for people have their Swedish (foyer_shared.words)."""

from __future__ import annotations

from crm import TRANSLATIONS
from foyer_testing.catalogues import assert_complete


def test_every_crm_message_has_its_swedish_with_the_same_placeholders():
    assert_complete(TRANSLATIONS, at_least=8)
