"""The Luhn check shared by the registry and imports."""

import random

from foyer_shared.luhn import luhn_ok


def test_luhn_matches_the_textbook_definition():
    def textbook(digits: str) -> bool:
        total = 0
        for i, ch in enumerate(digits):
            n = int(ch) * (2 if i % 2 == 0 else 1)
            total += n - 9 if n > 9 else n
        return total % 10 == 0

    chance = random.Random(3)
    for _ in range(5_000):
        digits = "".join(chance.choice("0123456789") for _ in range(chance.randint(1, 12)))
        assert luhn_ok(digits) == textbook(digits), digits
