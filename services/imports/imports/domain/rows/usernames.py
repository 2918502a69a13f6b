"""Usernames unique inside one file: ASCII-folded `förnamnefternamn`, numbered when taken."""

from __future__ import annotations

import unicodedata

from imports.domain.rows.seen import SeenMap

# Letters NFKD does not decompose into an ASCII base letter.
_SPECIAL = str.maketrans(
    {"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "œ": "oe", "ı": "i"}
)


def ascii_fold(text: str) -> str:
    """'Åsa Öberg-Lund' → 'asaoberglund': lower case, letters and digits only."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


class UsernamePool:
    """Usernames handed out so far, compared case-insensitively (kept as compact hashes)."""

    def __init__(self) -> None:
        self._taken = SeenMap()
        self._next: dict[str, int] = {}  # one entry per distinct name, not per row

    def is_taken(self, name: str) -> bool:
        return name.casefold() in self._taken

    def is_taken_key(self, folded_key: int) -> bool:
        """is_taken for a name already case-folded and hashed with seen.key_of."""
        return self._taken.has_key(folded_key)

    def take(self, name: str) -> None:
        self._taken.first(name.casefold(), 0)

    def from_name(self, *parts: str) -> str:
        base = ascii_fold("".join(parts)) or "user"
        number = self._next.get(base, 1)
        candidate = base if number == 1 else f"{base}{number}"
        while candidate in self._taken:
            number += 1
            candidate = f"{base}{number}"
        self._next[base] = number + 1
        self._taken.first(candidate, 0)
        return candidate
