"""The rules for a customer row (docs/imports.md): one instance reads one file, top to bottom.

Pure and stateful only in what a file needs remembered: e-mails and usernames seen so far.
Kept lean because it must judge well over 50,000 rows a second.
"""

from __future__ import annotations

import datetime

from foyer_shared.identifiers import InvalidIdentifier, normalise_email, normalise_personnummer
from foyer_shared.words import N_
from imports.domain.fields import EXTRA_FIELD
from imports.domain.rows.seen import SeenMap, key_of
from imports.domain.rows.usernames import UsernamePool
from imports.domain.rows.verdict import ERROR, OK, SET_ASIDE, SKIPPED, Verdict
from imports.domain.words import gettext_for

YES = frozenset({"1", "true", "ja", "yes"})
NO = frozenset({"", "0", "false", "nej", "no"})
USERNAME_FROM_NAME = "username from name"
NEUTRALISED = frozenset("=+-@")
# A field no column is mapped to is named in words, not with a Swedish header (issue 23 §12).
FIELD_WORDS = {
    "company": N_("the company column"),
    "name": N_("a name column"),
    "org_number": N_("organisation number"),
    "email": N_("e-mail"),
}


class CustomerRows:
    def __init__(
        self,
        columns: list[tuple[int, str]],
        *,
        set_aside_without_personnummer=False,
        today: datetime.date | None = None,
        status_values: dict[str, str] | None = None,
        labels: dict[str, str] | None = None,
        language: str = "en",
    ):
        self._columns = columns  # (cell index, field)
        self.gettext = gettext_for(language)  # a refusal's words; judging is the same in all
        # Columns to extended fields: sent to the registry as the row's `extra_fields`.
        self._extra = [(f, f[len(EXTRA_FIELD) :]) for _, f in columns if f.startswith(EXTRA_FIELD)]
        # field → its column as the uploaded file names it: messages say what the user sees.
        self._labels = labels or {}
        self._set_aside = set_aside_without_personnummer
        self._has_family = any(field == "family" for _, field in columns)
        self._today = today or datetime.date.today()
        self._emails = SeenMap(tags=self._has_family)  # folded e-mail → (first row, family)
        self._usernames = UsernamePool()
        # A status value of the file → the existing status it stands for (issue 23 §11).
        self._status_values = {k.casefold(): v for k, v in (status_values or {}).items()}

    def process(self, row_no: int, cells: list[str]) -> Verdict:  # noqa: C901 (to split: docs/architecture.md)
        width = len(cells)
        v = {}
        for index, field in self._columns:
            if index < width:
                value = cells[index].strip()
                if value:
                    if value[0] == "'" and value[1:2] in NEUTRALISED:
                        value = value[1:]  # our own error files' formula guard, undone
                    v[field] = value
        if not v:
            return Verdict(row_no, SKIPPED)
        errors: list[tuple[str, str]] = []
        notes: list[str] = []
        flag = v.pop("company", "")
        company = flag.lower() in YES
        if not company and flag.lower() not in NO:
            words = self.gettext(
                '%(column)s "%(value)s" is neither yes (1/true) nor no (empty/0/false); say which'
            )
            errors.append(("company", words % {"column": self._label("company"), "value": flag}))
        first, last = v.get("first_name", ""), v.get("last_name", "")
        if company:
            name = v.get("name") or f"{first} {last}".strip()
            if not name:
                words = self.gettext("a company row needs its name in %(column)s")
                errors.append(("name", words % {"column": self._label("name")}))
            v["name"] = name
            v.pop("first_name", None), v.pop("last_name", None)
        elif not first and not last:
            name = v.pop("name", "")
            if name:
                first, _, last = name.partition(" ")
                v["first_name"], v["last_name"] = first, last.strip()
                notes.append("name split")
            else:
                words = self.gettext("the row has no name (%(columns)s)")
                errors.append(("first_name", words % {"columns": self._names()}))
        else:
            v.pop("name", None)
        if not company and v.get("org_number"):
            words = self.gettext(
                '%(column)s "%(value)s" on a person: only a company row (%(company)s = 1) has one'
            )
            found = {"value": v["org_number"], "company": self._label("company")}
            errors.append(("org_number", words % {"column": self._label("org_number"), **found}))
        pn = v.get("personnummer")
        if pn:
            try:
                normal = normalise_personnummer(pn, self._today)
            except InvalidIdentifier as exc:
                words = self.gettext('%(column)s "%(value)s" is not valid: %(reason)s')
                found = {"value": pn, "reason": self.gettext(str(exc))}
                errors.append(
                    ("personnummer", words % {"column": self._label("personnummer"), **found})
                )
            else:
                if normal != pn.replace("-", ""):
                    notes.append("personnummer normalised")
                v["personnummer"] = normal
        email = v.get("email")
        if email:
            # The registry's rule, so the dry run refuses exactly what the run would.
            try:
                normalise_email(email)
            except InvalidIdentifier as exc:
                words = self.gettext('%(column)s "%(value)s" is %(reason)s')
                found = {"value": email, "reason": self.gettext(str(exc))}
                errors.append(("email", words % {"column": self._label("email"), **found}))
        if self._status_values and "status" in v:
            v["status"] = self._status_values.get(v["status"].casefold(), v["status"])
        if self._extra:
            extra = {key: v.pop(field) for field, key in self._extra if field in v}
            if extra:
                v["extra_fields"] = extra
        if errors:
            return Verdict(row_no, ERROR, v, tuple(errors), tuple(notes), company=company)
        if self._set_aside and not company and not pn:
            return Verdict(row_no, SET_ASIDE, v, (), tuple(notes), company=company)
        duplicate_of = self._username(row_no, v, notes, company)
        if duplicate_of == -1:
            return Verdict(
                row_no,
                ERROR,
                v,
                (("username", self._taken_username(v["username"])),),
                tuple(notes),
                company=company,
            )
        v["kind"] = "company" if company else "person"
        return Verdict(row_no, OK, v, (), tuple(notes), duplicate_of, company)

    def _label(self, field: str) -> str:
        """The column of `field` as the file names it (mapped), else the field in words."""
        return self._labels.get(field) or self.gettext(FIELD_WORDS.get(field, field))

    def _names(self) -> str:
        named = [self._labels[f] for f in ("first_name", "last_name", "name") if f in self._labels]
        if not named:
            return self.gettext("no column is mapped to a name")
        if len(named) == 1:
            return named[0]
        words = self.gettext("%(columns)s or %(last)s")
        return words % {"columns": ", ".join(named[:-1]), "last": named[-1]}

    def _taken_username(self, username: str) -> str:
        words = self.gettext('%(column)s "%(value)s" is used by an earlier row')
        return words % {"column": self._label("username"), "value": username}

    def _username(self, row_no: int, v: dict, notes: list, company: bool) -> int | None:
        """Sets v["username"]; returns the row an e-mail duplicates, or -1 if a given username
        is taken."""
        pool = self._usernames
        given = v.get("username")
        duplicate_of = holder = own = None
        email = v.get("email")
        if email:
            own = email.casefold()
            own_key = key_of(own)  # one hash for both maps
            family = key_of(v["family"]) if self._has_family and v.get("family") else 0
            holder = self._emails.first_key(own_key, row_no, family)
            if holder is not None and not (family and holder[1] == family):
                duplicate_of = holder[0]
            # E-mail usernames are not put in the pool: they hold "@", generated ones never
            # do, and a given one is checked against the e-mails (one map per row, not two).
            if given is None and holder is None and not pool.is_taken_key(own_key):
                v["username"] = email.lower()
                return None
        if given is not None:
            folded = given.casefold()
            taken_as_email = (
                "@" in given and folded in self._emails and not (folded == own and holder is None)
            )  # its own, first-seen e-mail is free
            if pool.is_taken(given) or taken_as_email:
                return -1
            pool.take(given)
            return duplicate_of
        parts = (v["name"],) if company else (v.get("first_name", ""), v.get("last_name", ""))
        v["username"] = pool.from_name(*parts)
        notes.append(USERNAME_FROM_NAME)
        return duplicate_of
