"""A compact map from text to the first row it appeared on, for files of a million rows.

A dict of strings costs ~300 bytes a row; this open-addressing table of 64-bit hashes in
arrays costs ~40. Keys are BLAKE2b hashes (deterministic, so a resumed pass judges rows the
same way); two different texts sharing a hash (odds ~1e-8 for a million rows) would make a
row a reported duplicate, never a lost one.
"""

from __future__ import annotations

import hashlib
from array import array

EMPTY = 0


def key_of(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") or 1


def quick_key_of(text: str) -> int:
    """Python's own string hash, 64 bits: ~10× quicker than key_of, but seeded per process, so
    only for maps that one process builds and drops."""
    return hash(text) & 0xFFFF_FFFF_FFFF_FFFF or 1


class SeenMap:
    """text → (row, tag): the row that first held the text and a tag (e.g. its family); or,
    with swap/get, the latest row that held it. The probe loop is written out in each method:
    they run for every row of a file, and a helper call per probe was measurable."""

    def __init__(self, capacity: int = 1 << 14, tags: bool = False, hash_of=key_of):
        # hash_of: key_of (the same in every process) unless the map lives for one pass only.
        self._hash = hash_of
        self._count = 0
        self._with_tags = tags
        self._alloc(capacity)

    def _alloc(self, capacity: int) -> None:
        self._mask = capacity - 1
        self._keys = array("Q", bytes(8 * capacity))
        self._rows = array("i", bytes(4 * capacity))  # row numbers stay below 2**31
        # Tags only when asked for (a family column): 8 bytes a slot saved otherwise.
        self._tags = array("Q", bytes(8 * capacity)) if self._with_tags else None

    def first(self, text: str, row: int, tag: int = 0) -> tuple[int, int] | None:
        """Records (row, tag) for text unless seen; returns the earlier (row, tag) if seen."""
        return self.first_key(self._hash(text), row, tag)

    def first_key(self, key: int, row: int, tag: int = 0) -> tuple[int, int] | None:
        """`first` for a text already hashed with this map's hash (one hash, several maps)."""
        keys, mask = self._keys, self._mask
        slot = key & mask
        while True:
            found = keys[slot]
            if found == EMPTY:
                break
            if found == key:
                return self._rows[slot], self._tags[slot] if self._tags else 0
            slot = (slot + 1) & mask
        keys[slot], self._rows[slot] = key, row
        if self._tags is not None:
            self._tags[slot] = tag
        self._count += 1
        if self._count * 2 > mask:
            self._grow()
        return None

    def get(self, text: str) -> int | None:
        """The row recorded for text, or None."""
        key, keys, mask = self._hash(text), self._keys, self._mask
        slot = key & mask
        while (found := keys[slot]) != EMPTY:
            if found == key:
                return self._rows[slot]
            slot = (slot + 1) & mask
        return None

    def swap(self, text: str, row: int) -> int | None:
        """Records row as the latest for text; returns the row recorded before, or None."""
        key, keys, mask = self._hash(text), self._keys, self._mask
        slot = key & mask
        while (found := keys[slot]) != EMPTY:
            if found == key:
                before, self._rows[slot] = self._rows[slot], row
                return before
            slot = (slot + 1) & mask
        keys[slot], self._rows[slot] = key, row
        self._count += 1
        if self._count * 2 > mask:
            self._grow()
        return None

    def __contains__(self, text: str) -> bool:
        return self.has_key(self._hash(text))

    def has_key(self, key: int) -> bool:
        """`in` for a text already hashed with this map's hash."""
        keys, mask = self._keys, self._mask
        slot = key & mask
        while (found := keys[slot]) != EMPTY:
            if found == key:
                return True
            slot = (slot + 1) & mask
        return False

    def _grow(self) -> None:
        old_keys, old_rows, old_tags = self._keys, self._rows, self._tags
        self._alloc((self._mask + 1) * 2)
        keys, rows, tags, mask = self._keys, self._rows, self._tags, self._mask
        for index, key in enumerate(old_keys):
            if key != EMPTY:
                slot = key & mask
                while keys[slot] != EMPTY:
                    slot = (slot + 1) & mask
                keys[slot], rows[slot] = key, old_rows[index]
                if tags is not None:
                    tags[slot] = old_tags[index]
