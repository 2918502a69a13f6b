"""Which earlier batches of a run each batch must wait for in the registry.

The registry applies a run's batches on several workers. A row must see every earlier row of
the file that shares a key with it: the same personnummer again is an update (or a conflict),
a family's second member joins the family its first member started. Batches that share no key
with each other may be written side by side, which is what lets two registry workers (and two
PostgreSQL backends) write at once instead of taking turns.

So each batch names the earlier batches it depends on (`after_batches`): for each of its keys,
the latest earlier batch that held the key. That batch in turn waited for the one before it
with the same key, so every earlier row with the key is committed first.

Keys are remembered as 32-bit hashes in a compact map (a million-row file must stay within the
worker's memory: 8 bytes a slot). Two keys sharing a hash only make a batch wait for one it need
not (a few hundred in a million-row file, nearly all for batches long committed). Python's
own string hash is enough: a resumed sender works the order out again from the file, and the
batches already sent keep the order they were sent with.
"""

from __future__ import annotations

from imports.rows.seen import SeenMap

# Fields whose value the registry looks other rows up by (docs/imports.md → Dry run, run and
# the registry): the match column, the unique numbers, families; companies by name (below).
_UNIQUE = ("personnummer", "org_number")
_BITS = (1 << 32) - 1


class BatchOrder:
    """Tracks a run's keys in file order; `after(batch_no, rows)` for each batch in turn."""

    def __init__(self, kind: str, match_on: str, dry_run: bool = False):
        self._kind = kind
        self._dry_run = dry_run
        self._match_on = match_on
        self._latest = SeenMap(narrow=True)  # key → the last batch that held it
        self._company_batches: dict[str, int] = {}  # company name → the last batch naming it
        self._previous: int | None = None

    def after(self, batch_no: int, rows: list[dict]) -> list[int]:
        """The earlier batches this one must wait for, newest first."""
        previous, self._previous = self._previous, batch_no
        if self._dry_run:
            return []  # a dry run writes nothing a later batch could see: nothing to wait for
        if self._kind != "customers":
            # Groups, members and statuses are small files whose rows refer to each other
            # by name: they keep the file's whole order.
            return [previous] if previous is not None else []
        waits: set[int] = set()
        replace, keys_of = self._latest.replace, self._keys_of
        for row in rows:
            for key in keys_of(row):
                earlier = replace(key & _BITS or 1, batch_no)
                if earlier is not None and earlier != batch_no:
                    waits.add(earlier)
        return sorted(waits | self._companies(batch_no, rows), reverse=True)

    def _keys_of(self, row: dict) -> list[int]:
        """Hashes of the row's keys (most rows: just its personnummer), each field's own."""
        keys = []
        match_on = self._match_on
        if match_on != "personnummer":
            match = (row.get(match_on) or "").strip()
            if match:
                keys.append(hash((match_on, match.lower() if match_on == "email" else match)))
        for name in _UNIQUE:
            value = row.get(name)
            if value:
                keys.append(hash((name, value)))
        if "family" in row and row["family"]:
            keys.append(hash(("family", row["family"])))
        return keys

    def _companies(self, batch_no: int, rows: list[dict]) -> set[int]:
        """An employee row links to a company by name (the registry's _company), so it waits
        for the latest batch that had a company of that name. Company rows themselves do not
        wait for each other: two of one name are two companies, in any order."""
        waits, latest, named = set(), self._company_batches, []
        for row in rows:
            if row.get("kind") == "company" and row.get("name"):
                named.append(row["name"].strip().lower())
            elif row.get("company"):
                earlier = latest.get(row["company"].strip().lower())
                if earlier is not None and earlier != batch_no:
                    waits.add(earlier)
        latest.update(dict.fromkeys(named, batch_no))
        return waits
