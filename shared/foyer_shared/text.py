"""Which characters a stored text may hold: the rule behind SingleLine and FreeText, without
marshmallow, for domain code that checks values from other sources (imports, bulk changes).

Control characters in a name break exports, logs and screens; PostgreSQL refuses NUL.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls and lone surrogates; a single line also refuses the Unicode
# line and paragraph separators.
_SINGLE_LINE_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Free text keeps tab, line feed and carriage return.
_FREE_TEXT_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(text: str, *, multi_line: bool = False) -> str:
    """`text` unchanged, or ValueError naming the first refused character and where it is."""
    found = (_FREE_TEXT_REFUSED if multi_line else _SINGLE_LINE_REFUSED).search(text)
    if found:
        raise ValueError(
            f"control characters are not allowed (U+{ord(found.group()):04X} at position "
            f"{found.start()})"
        )
    return text
