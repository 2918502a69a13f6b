"""Finding persons: free text over one indexed column, filters, sorting, paging with a total.

Tuned for PostgreSQL with 100k and 1M persons (bench/registry_search.py, docs/registry.md →
Search): a text search top-N sorts its matches from the trigram index for the page's ids, a list
walks its sort index (so does a word in over TOTAL_CAP persons of a register up to
ONE_PASS_UP_TO); both count over at most TOTAL_CAP + 1 matches (a list filtered only by
group/status/interest, the link rows; a word in a register up to ONE_PASS_UP_TO persons, in the
same pass as its page); then only the page's rows are loaded. Totals beyond TOTAL_CAP are
reported as a LowerBound. A common word in a large register cut into name slices
(name_slices.py) is paged by name from the first slices' matches (name_slices.page_ids). A word
within a group/status/interest asks for the persons' link tags on PostgreSQL (link_tags.py), and
so does a scoped caller's reach for the groups they lead (_reached).
"""

from __future__ import annotations

import contextlib
import re

from sqlalchemy import false, func, intersect, or_, select, text
from sqlalchemy.orm import Session

from foyer_shared.pagination import LowerBound
from registry.domain.reach import Scope
from registry.models import Consent, GroupMembership, Person, PersonInterest, PersonStatus
from registry.models.segments import MEMBER
from registry.repository import link_tags, name_slices

_SORTS = {
    "name": ((Person.sort_name, False),),
    "-name": ((Person.sort_name, True),),
    "created_at": ((Person.created_at, False),),
    "-created_at": ((Person.created_at, True),),
    "personnummer": ((Person.personnummer, False),),
    "external_number": ((Person.external_number, False),),
}
# The total is counted exactly up to this many matches; beyond, "10,000+" (X-Pagination's
# total_is_lower_bound). An exact count of 100k matches cost most of a search at 1M persons.
TOTAL_CAP = 10_000
# Registers up to this many persons page a word's matches in one pass when there are at most
# TOTAL_CAP of them (_word_page); larger ones count apart (_text_page). A word matches over
# TOTAL_CAP persons when it is in over 10 % of 100,000 (rare) but in over 1 % of 1,000,000
# (every common surname part), and then the one pass is wasted: measured side by side,
# 2026-12-07, the one pass saved 10-18 % at 100k ("lindstr", page 5 of "berg", page 3 of
# "anna") and cost up to 14 % at 1M (docs/registry.md → Search).
ONE_PASS_UP_TO = 20 * TOTAL_CAP
_WHOLE_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_NUMBER = re.compile(r"^[\d\s()+-]+$")
_PERSON_FILTERS = (
    "q",
    "kind",
    "staff",
    "created_from",
    "created_to",
    "consented_to",
    "not_consented_to",
)


def link_subqueries(filters: dict) -> list:
    """Person ids per group/status/interest filter (each a select of one column)."""
    subqueries = []
    if filters.get("group_id"):
        subqueries.append(
            select(GroupMembership.person_id)
            .where(GroupMembership.group_id == str(filters["group_id"]))
            .where(GroupMembership.role == MEMBER)
        )
    if filters.get("status_id"):
        subqueries.append(
            select(PersonStatus.person_id).where(
                PersonStatus.status_id == str(filters["status_id"])
            )
        )
    if filters.get("interest_id"):
        subqueries.append(
            select(PersonInterest.person_id).where(
                PersonInterest.interest_id == str(filters["interest_id"])
            )
        )
    return subqueries


def conditions(filters: dict, tagged: bool = False) -> list:
    """The WHERE conditions of a filter; bulk operations on a filter use them too. `tagged`
    (PostgreSQL): group/status/interest filters by the person's link tags (link_tags.py)."""
    where = []
    needle = (filters.get("q") or "").strip().lower()
    if _WHOLE_EMAIL.match(needle):
        # A whole e-mail address: the b-tree index answers at once (addresses are stored
        # lower-cased), where trigrams shared by every "@example.se" would be slow.
        where.append(Person.email == needle)
    elif needle:
        number = _number(needle)
        if number:
            # A number as people type it: "070-123 45 67" finds +46701234567, "811218-9876" the
            # stored 198112189876. The digits alone, without a leading 0: fewer common trigrams
            # than "070-…", which matched half the register's phones in the index.
            where.append(Person.search_text.like(f"%{number}%"))
        else:
            where.append(Person.search_text.like(_word_pattern(needle), escape="\\"))
    if filters.get("kind"):
        where.append(Person.kind == filters["kind"])
    if filters.get("staff") is not None:
        # `is_staff` as the partial index's predicate says it (migration 0007): PostgreSQL does
        # not match `is_staff IS true` to it, and counted staff by reading every person.
        where.append(Person.is_staff if filters["staff"] else Person.is_staff.is_(False))
    if filters.get("created_from"):
        where.append(Person.created_at >= filters["created_from"])
    if filters.get("created_to"):
        where.append(Person.created_at < filters["created_to"])
    tags = link_tags.of_filters(filters) if tagged else []
    if tags:
        where.append(link_tags.carries(tags))
    else:
        where += [Person.id.in_(sub) for sub in link_subqueries(filters)]
    where += _consent_conditions(filters)
    return where


def _word_pattern(q: str) -> str:
    """The LIKE pattern of a word (backslash escapes, PostgreSQL's default)."""
    return f"%{_escape(q.strip().lower())}%"


def _number(needle: str) -> str | None:
    """The digits of a number as people type it, without a leading 0; None if it is not one."""
    digits = "".join(ch for ch in needle if ch.isdigit())
    if _NUMBER.match(needle) and len(digits.lstrip("0")) >= 3:
        return digits.lstrip("0")
    return None


def _names_someone(q: str) -> bool:
    """A whole e-mail address or a number names one person or a few: its first page is nearly
    always its last, which tells the total without counting."""
    needle = q.strip().lower()
    return bool(_WHOLE_EMAIL.match(needle)) or _number(needle) is not None


_PERSONS_ESTIMATE = text("SELECT reltuples FROM pg_class WHERE oid = 'persons'::regclass")


def _register_size(session: Session) -> float:
    """The planner's estimate of the number of persons (pg_class, kept by autovacuum); 0 on
    SQLite and before the first analyse."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    estimate = session.scalar(_PERSONS_ESTIMATE)
    return max(estimate or 0, 0)


def _consent_conditions(filters: dict) -> list:
    """consented_to: the current answer for that purpose is given; not_consented_to: it is
    not (never asked, refused or withdrawn): "members who have not consented to photos"."""
    where = []
    for name, wanted in (("consented_to", True), ("not_consented_to", False)):
        if filters.get(name):
            given = select(Consent.person_id).where(
                Consent.purpose == filters[name], Consent.given.is_(True)
            )
            where.append(Person.id.in_(given) if wanted else Person.id.not_in(given))
    return where


def page(session: Session, filters: dict, offset: int, limit: int, within: Scope | None):
    """(the page's persons, total); `within`: whom a scoped caller reaches, None the whole
    register (an unscoped caller). The total is exact up to TOTAL_CAP matches, a LowerBound of
    TOTAL_CAP beyond."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    # A word within a group/status/interest: the tags' index ANDed with the trigram index. A
    # list without a word keeps the link rows, which count it and pick its page as fast.
    where = conditions(filters, tagged=postgresql and bool(filters.get("q")))
    if within is not None:
        where.append(_reached(within, postgresql))
    if postgresql:
        # Rows are in memory or on SSD: index lookups are nearly as cheap as sequential reads.
        session.execute(text("SET LOCAL random_page_cost = 1.1"))
        # Planned for this word and these filters each time. psycopg prepares a statement run
        # five times on a connection, and PostgreSQL may then keep one generic plan for every
        # word and status: at 1M persons a status of 40 members + "son" took 476 ms on the
        # plan made for a common status, 3.3 ms planned for its own values.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    sort = _SORTS[filters.get("sort") or "name"]
    if filters.get("q"):
        narrowed = within is not None or bool(link_subqueries(filters))
        if narrowed:
            ids, total = _narrowed_text_page(session, where, sort, offset, limit)
        elif _names_someone(filters["q"]):
            ids, total = _text_page(session, where, sort, offset, limit)
        elif _register_size(session) > ONE_PASS_UP_TO:
            ids, total = _large_register_text_page(session, filters, where, sort, offset, limit)
        else:
            ids, total = _word_page(session, where, sort, offset, limit)
    else:
        total = _capped_count(session, filters, where, unscoped=within is None)
        ids = list(
            session.scalars(
                select(Person.id)
                .where(*where)
                .order_by(*_order(sort, False))
                .offset(offset)
                .limit(limit)
            )
        )
    rows = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows], total


def _reached(scope: Scope, postgresql: bool):
    """The condition: a person within the scope. Members of the groups led by their link tags
    on PostgreSQL (the GIN index), by the membership rows on SQLite. With every member's id in
    the query a leader of a group of 5,000 searched 100k persons in 136-224 ms, by the tags in
    18-21 ms (2026-12-07, docs/registry.md → Search)."""
    reached = [Person.id.in_(sorted(scope.ids))] if scope.ids else []
    groups = sorted(scope.member_of)
    if groups and postgresql:
        reached.append(link_tags.carries_any([link_tags.group_tag(g) for g in groups]))
    elif groups:
        members = select(GroupMembership.person_id).where(
            GroupMembership.group_id.in_(groups), GroupMembership.role == MEMBER
        )
        reached.append(Person.id.in_(members))
    return or_(*reached) if reached else false()


def ids_matching(session: Session, filters: dict, limit: int) -> list[str]:
    """The ids a filter picks (bulk operations on a filter), in id order."""
    return list(
        session.scalars(
            select(Person.id).where(*conditions(filters)).order_by(Person.id).limit(limit)
        )
    )


def _narrowed_text_page(session: Session, where, sort, offset: int, limit: int):
    """Text with a group/status/interest filter (link tags on PostgreSQL) or a scope: a window
    count in the same pass is cheapest (counting apart repeated the whole join:
    "status + text" at 1M persons, 122 + 111 ms instead of 134). Ordering by expressions
    (_order) keeps PostgreSQL from walking the name index and filtering, slow when the matches
    sort late: the matches are found first and a top-N sort picks the page."""
    query = select(Person.id).where(*where).order_by(*_order(sort, True)).offset(offset)
    rows = session.execute(query.add_columns(func.count().over()).limit(limit)).all()
    if rows:
        return [row[0] for row in rows], _capped(rows[0][1])
    return [], 0 if offset == 0 else _capped_count(session, {}, where, unscoped=False)


def _text_page(session: Session, where, sort, offset: int, limit: int):
    """Text that names someone (_names_someone), or any text in a large register
    (ONE_PASS_UP_TO): the page first; only a full page is counted apart, over at most
    TOTAL_CAP + 1 matches."""
    ids = _sorted_ids(session, where, sort, offset, limit)
    if (ids and len(ids) < limit) or (not ids and offset == 0):
        return ids, offset + len(ids)  # the last page: everything before it was full
    return ids, _capped_text_count(session, where)


def _large_register_text_page(session: Session, filters: dict, where, sort, offset, limit):
    """A word in a register over ONE_PASS_UP_TO persons. Cut into name slices (name_slices.py),
    a word alone sorted by name takes its first TOTAL_CAP + 1 matches in slice order, counted
    and, when the page lies in slices read whole, paged from them in the same pass; a page
    beyond them ("son", whose first slice holds more than that) is walked apart. Otherwise:
    _text_page."""
    sliceable = len(where) == 1 and sort[0][0] is Person.sort_name  # the word, no other filter
    if not (sliceable and name_slices.slices_in_use(session)):
        return _text_page(session, where, sort, offset, limit)
    pattern, descending, wanted = _word_pattern(filters["q"]), sort[0][1], offset + limit
    found, whole, ids = name_slices.first_matches(
        session, pattern, TOTAL_CAP + 1, wanted, descending
    )
    total = _capped(found)
    if whole < wanted and isinstance(total, LowerBound):
        ids = name_slices.page_ids(session, pattern, wanted, descending)
    ids = ids[offset:]
    if ids and len(ids) < limit:
        return ids, offset + len(ids)  # the last page: everything before it was full
    return ids, total


def _word_page(session: Session, where, sort, offset: int, limit: int):
    """A word in a register up to ONE_PASS_UP_TO persons: at most TOTAL_CAP + 1 matches are
    counted and paged in one pass (_page_of_few); beyond that the page is walked in sort order
    (_walked_ids) and the total is the cap (docs/registry.md → Search)."""
    few = _page_of_few(session, where, sort, offset, limit)
    if few is not None:
        return few
    if any(column.expression.nullable for column, _desc in sort):
        # personnummer, external number: a text search puts those without one first
        # (_order's coalesce), which no index gives; sorted as before.
        ids = _sorted_ids(session, where, sort, offset, limit)
    else:
        ids = _walked_ids(session, where, sort, offset, limit)
    if ids and len(ids) < limit:
        return ids, offset + len(ids)  # the last page: everything before it was full
    return ids, LowerBound(TOTAL_CAP)


def _walked_ids(session: Session, where, sort, offset: int, limit: int) -> list[str]:
    """One page of a word known to match over TOTAL_CAP persons, walking the sort's index (a
    column without NULLs: the order _order's expressions give) and checking each row: in a
    register up to ONE_PASS_UP_TO that is 1 row in 20 or more, so a page is met early, where
    sorting every match took 50-80 ms at 100k persons ("son", "an", "er": 13-40 ms walked, side
    by side, docs/registry.md → Search). The trigram index is kept out: the planner, unsure how
    common the word is, would otherwise collect every match first."""
    query = select(Person.id).where(*where).order_by(*_order(sort, False))
    with _planner_without(session, "enable_bitmapscan"):
        return list(session.scalars(query.offset(offset).limit(limit)))


def _sorted_ids(session: Session, where, sort, offset: int, limit: int) -> list[str]:
    """One page of every match sorted (by expressions: _narrowed_text_page says why)."""
    query = select(Person.id).where(*where).order_by(*_order(sort, True))
    return list(session.scalars(query.offset(offset).limit(limit)))


def _page_of_few(session: Session, where, sort, offset: int, limit: int):
    """(the page's ids, the total) in one pass when the text matches at most TOTAL_CAP rows:
    up to TOTAL_CAP + 1 matches are taken with their sort keys, counted and paged together.
    None when there are more: the page then needs every match sorted (a second pass), and the
    total is a LowerBound. The planner may read the table in order here (unlike
    _capped_text_count): side by side at 100k persons that was as fast for most words and
    11 ms faster for "son", which 86 % of the register matches."""
    keys = _keys(sort, True)
    capped = (
        select(Person.id, *(key.label(f"k{i}") for i, (key, _desc) in enumerate(keys[:-1])))
        .where(*where)
        .limit(TOTAL_CAP + 1)
        .cte("capped")
    )
    columns = [*(capped.c[f"k{i}"] for i in range(len(keys) - 1)), capped.c.id]
    order = [c.desc() if desc else c for c, (_key, desc) in zip(columns, keys, strict=True)]
    counted = select(func.count()).select_from(capped).scalar_subquery()
    rows = session.execute(
        select(capped.c.id, counted).order_by(*order).offset(offset).limit(limit)
    ).all()
    total = rows[0][1] if rows else session.scalar(select(counted))
    if total > TOTAL_CAP:
        return None
    return [row[0] for row in rows], total


def _capped_text_count(session: Session, where) -> int:
    """_capped_count for text alone, from the trigram index: for a common word the planner
    expects a sequential scan to meet TOTAL_CAP + 1 matches soon, but they cluster by name
    (fast.py writes batches in name order) and it read 6x the pages (1M persons, "berg":
    3,792 pages and 56 ms against 583 and 10 ms)."""
    with _planner_without(session, "enable_seqscan"):
        return _capped_count(session, {}, where, unscoped=False)


_PLANNER_SWITCHES = {
    name: (text(f"SET LOCAL {name} = off"), text(f"SET LOCAL {name} TO DEFAULT"))
    for name in ("enable_bitmapscan", "enable_seqscan")
}


@contextlib.contextmanager
def _planner_without(session: Session, switch: str):
    """The block's queries planned with one PostgreSQL planner switch off (nothing elsewhere);
    back to the default after it (a failed block's transaction is rolled back anyway)."""
    off, default = _PLANNER_SWITCHES[switch]
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(off)
    yield
    if postgres:
        session.execute(default)


def _capped(count: int) -> int:
    return LowerBound(TOTAL_CAP) if count > TOTAL_CAP else count


def _capped_count(session: Session, filters: dict, where, unscoped: bool) -> int:
    """The number of matches, counted over at most TOTAL_CAP + 1 of them (product decision,
    docs/registry.md → Search): exact up to TOTAL_CAP, else LowerBound(TOTAL_CAP)."""
    links = link_subqueries(filters)
    if links and unscoped and not any(filters.get(name) is not None for name in _PERSON_FILTERS):
        # Only group/status/interest filters: the link rows answer it (persons cascade-delete).
        matches = links[0] if len(links) == 1 else intersect(*links)
    else:
        matches = select(Person.id).where(*where)
    counted = matches.limit(TOTAL_CAP + 1).subquery()
    found = session.scalar(select(func.count()).select_from(counted)) or 0
    return _capped(found)


def _order(sort, as_expressions: bool) -> list:
    return [key.desc() if descending else key for key, descending in _keys(sort, as_expressions)]


def _keys(sort, as_expressions: bool) -> list:
    """[(key, descending)] of a sort, the id last (a stable order for paging)."""
    keys = []
    for column, descending in sort:
        key = (
            func.coalesce(column, "")
            if as_expressions and column.type.python_type is str
            else column
        )
        keys.append((key, descending))
    keys.append((Person.id, sort[0][1]))
    return keys


def _escape(needle: str) -> str:
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
