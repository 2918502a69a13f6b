"""How identifiers read on a page. The API stores one canonical spelling (196905029317,
+46701234567) so that lookups compare; people read and dial them grouped. Display only:
forms keep the stored value, and a value that is not in the canonical form is shown as it is."""

from __future__ import annotations

import phonenumbers


def personnummer(value):
    """196905029317 → 19690502-9317, as Skatteverket and every Swedish form write it."""
    if isinstance(value, str) and len(value) == 12 and value.isdigit():
        return f"{value[:8]}-{value[8:]}"
    return value


def phone(value):
    """+46701234567 → +46 70 123 45 67: the number's own country's grouping, dialable from
    anywhere (a desk in Sweden may call a Danish member)."""
    if not isinstance(value, str) or not value.startswith("+"):
        return value
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def init_app(app) -> None:
    app.add_template_filter(personnummer, "personnummer")
    app.add_template_filter(phone, "phone")
