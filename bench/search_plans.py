"""The query plans behind one search request: its SELECTs captured as the app runs them, then
run again under EXPLAIN (ANALYZE, BUFFERS) with the same settings, summarised for the page."""

from __future__ import annotations

import contextlib
import re

from sqlalchemy import event

# A plan node's line: "->  Index Scan using ix on persons  (cost=...", the part before "(cost".
_NODE = re.compile(r"^\s*(?:->\s*)?(?P<node>[A-Z][A-Za-z ]+?(?: using \S+)?(?: on \S+)?)\s+\(")


@contextlib.contextmanager
def captured(engine):
    """The (statement, parameters) of the SELECTs and SETs run in the block, in order."""
    seen: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith(("SELECT", "SET", "WITH", "(")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def explain(engine, statements) -> list[list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of each SELECT on persons, in one transaction after the
    request's own SETs (e.g. random_page_cost)."""
    plans = []
    with engine.connect() as connection:
        with connection.begin():
            for statement, parameters in statements:
                if statement.lstrip().upper().startswith("SET"):
                    connection.exec_driver_sql(statement, parameters or {})
                elif "persons" in statement:
                    result = connection.exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters or {}
                    )
                    plans.append([row[0] for row in result])
    return plans


def summary(plan: list[str]) -> str:
    """The plan's nodes in order (scans and their index), shared buffers read, and time."""
    nodes = []
    for line in plan:
        match = _NODE.match(line)
        if match and not line.lstrip().startswith(("Sort Key", "Filter", "Index Cond")):
            nodes.append(match["node"].strip())
    hits = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", "\n".join(plan))
    buffers = f"{hits[1]} hit" + (f", {hits[2]} read" if hits and hits[2] else "") if hits else ""
    timing = next((ln.split(":", 1)[1].strip() for ln in plan if "Execution Time" in ln), "")
    return f"{' → '.join(collapsed(nodes))} ({buffers}; {timing})"


_NUMBERED = re.compile(r"(ix_persons_search_slice_|anon_)\d+")


def collapsed(nodes: list[str]) -> list[str]:
    """Nodes with a run of the same few nodes written once with its count: a page from 32 name
    slices is 32 times one slice's nodes, each on its own slice index and subquery (numbered k)."""
    nodes = [_NUMBERED.sub(r"\1k", node) for node in nodes]
    out, i = [], 0
    while i < len(nodes):
        for size in range(1, 9):
            block = nodes[i : i + size]
            repeats = 1
            while nodes[i + repeats * size : i + (repeats + 1) * size] == block:
                repeats += 1
            if repeats > 1:
                out.append(f"({' → '.join(block)}) ×{repeats}")
                i += repeats * size
                break
        else:
            out.append(nodes[i])
            i += 1
    return out


def has_seq_scan(plan: list[str]) -> bool:
    return any("Seq Scan on persons" in line for line in plan)
