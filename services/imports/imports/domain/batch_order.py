"""Which earlier batches of a run each batch must wait for in the registry.

The registry applies a run's batches on several workers. A row must see every earlier row of
the file that shares a key with it: the same personnummer again is an update (or a conflict),
a family's second member joins the family its first member started. Batches that share no key
may be written side by side, which is what lets two registry workers (and two PostgreSQL
backends) write at once instead of taking turns.

So each batch names the earlier batches it depends on (`after_batches`), in two parts:
- within a window of the WINDOW batches before it, the latest batch holding each of its keys
  (that batch in turn waited for the one before it with the key);
- the WINDOW + 1 batches before that window, always. By induction a committed batch n means
  every batch up to n - WINDOW - 1 is committed, so keys older than the window need no
  remembering (a test checks this on random files).
Batches are taken in the order they were sent, so the blanket part costs no wait unless a batch
went back for a retry: it keeps the memory for a million-row file as small as for a thousand
(only the window's keys are held, exactly, as text).
"""

from __future__ import annotations

import dataclasses
from collections import deque

WINDOW = 8  # more than the registry workers that take batches side by side


class BatchOrder:
    """Tracks a run's keys in file order; `after(batch_no, rows)` for each batch in turn."""

    def __init__(self, kind: str, match_on: str, dry_run: bool = False, window: int = WINDOW):
        self._kind = kind
        self._match_on = match_on
        self._dry_run = dry_run
        self._window = window
        self._latest: dict[str, int] = {}  # key → the last batch in the window holding it
        self._recent: deque[tuple[int, list[str]]] = deque()  # (batch, its keys), oldest first
        self._first: int | None = None

    def after(self, batch_no: int, rows: list[dict]) -> list[int]:
        """The earlier batches this one must wait for, newest first."""
        if self._first is None:
            self._first = batch_no
        if self._dry_run:
            return []  # a dry run writes nothing a later batch could see: nothing to wait for
        if self._kind != "customers":
            # Groups, members and statuses are small files whose rows refer to each other
            # by name: they keep the file's whole order.
            return [batch_no - 1] if batch_no > self._first else []
        keys, names = [], []  # keys to wait for and remember; company names to remember
        for row in rows:
            found = row_keys(row, self._match_on)
            keys.extend(found.numbers)
            # An employee row waits for the latest batch with a company of that name.
            keys.extend(k for k in (found.family, found.employer) if k)
            if found.company:
                names.append(found.company)
        latest = self._latest
        waits = {latest[key] for key in keys if key in latest}
        # Batch n - WINDOW - 1 and the WINDOW before it: committed, they mean all up to
        # n - WINDOW - 1 are (the same holds for each of them), and the window does the rest.
        waits.update(
            range(max(self._first, batch_no - 2 * self._window - 1), batch_no - self._window)
        )
        self._remember(batch_no, keys + names)
        return sorted(waits, reverse=True)

    def _remember(self, batch_no: int, keys: list[str]) -> None:
        latest = self._latest
        for key in keys:
            latest[key] = batch_no
        self._recent.append((batch_no, keys))
        if len(self._recent) > self._window:
            gone, its_keys = self._recent.popleft()
            for key in its_keys:
                if latest.get(key) == gone:
                    del latest[key]


@dataclasses.dataclass(frozen=True)
class RowKeys:
    """What the registry looks a customer row up by, as key texts (also domain/earlier_rows.py).

    - numbers: the match column as the registry compares it, and the unique numbers (for a
      company row without an org number, matched on personnummer: its name and e-mail);
    - family: the household an earlier row may have started;
    - employer: the company (by name) an employee row links to;
    - company: the name of a company row, for later employee rows. Company rows do not look
      each other up by name alone: two of one name are two companies (the generated registers
      repeat four names), unless their e-mail is the same too.
    """

    numbers: tuple[str, ...]
    family: str | None
    employer: str | None
    company: str | None


def row_keys(row: dict, match_on: str) -> RowKeys:
    numbers = []
    if match_on != "personnummer":  # personnummer is a key anyway, below
        match = (row.get(match_on) or "").strip()
        if match:
            numbers.append(f"{match_on}:{match.lower() if match_on == 'email' else match}")
    if row.get("personnummer"):
        numbers.append(row["personnummer"])  # twelve digits: no other key looks like one
    if row.get("org_number"):
        numbers.append(f"org_number:{row['org_number']}")
    elif (
        match_on == "personnummer"
        and row.get("kind") == "company"
        and row.get("name")
        and row.get("email")
    ):
        # Without an org number the registry finds a company by name and e-mail together.
        numbers.append(f"company:{row['name'].strip().lower()}|{row['email'].strip().lower()}")
    family = f"family:{row['family']}" if row.get("family") else None
    employer = company = None
    if row.get("kind") == "company":
        if row.get("name"):
            company = f"company:{row['name'].strip().lower()}"
    elif row.get("company"):
        employer = f"company:{row['company'].strip().lower()}"
    return RowKeys(tuple(numbers), family, employer, company)
