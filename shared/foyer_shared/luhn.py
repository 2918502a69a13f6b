"""The Luhn check of Swedish personnummer and organisation numbers, shared by the registry
(which stores them) and imports (which judges a file's rows as the registry will)."""

from __future__ import annotations

# ASCII digit → its Luhn value, doubled (first, third, ...) or plain: bytes.translate and sum
# run in C, about twice as fast as a loop per digit (an import checks a million of these).
_DOUBLED = bytes.maketrans(b"0123456789", bytes(2 * d - 9 if d > 4 else 2 * d for d in range(10)))
_PLAIN = bytes.maketrans(b"0123456789", bytes(range(10)))


def luhn_ok(digits: str) -> bool:
    """Luhn over ASCII digits (callers check the form first), doubling from the first."""
    raw = digits.encode("ascii")
    return (sum(raw[0::2].translate(_DOUBLED)) + sum(raw[1::2].translate(_PLAIN))) % 10 == 0
