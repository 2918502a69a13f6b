"""docs/benchmarks.md keeps the latest run of each benchmark; older runs go to a CSV beside it.

A benchmark's section starts `## <title> — <date> — <machine>`; `record` replaces the section
of the same title (or adds one) and appends the figures it replaces to
docs/benchmarks-history.csv (benchmark, date, machine, what, figure), one row per table row and
one per line of prose, so a trend can still be read without the page growing a screen a run.
`python bench/report.py` folds an old page of runs newest-last into that form.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "benchmarks.md"
HISTORY = ROOT / "docs" / "benchmarks-history.csv"
HEAD = (
    "# Benchmarks\n\n"
    "The latest run of each benchmark (`make bench` and the scripts in `bench/`), with its date "
    "and machine. Older runs: `benchmarks-history.csv` beside this page. The host is shared and "
    'its speed varies by the hour: a section\'s "Host speed probe" line (a fixed Python loop, '
    "lower is faster; recorded since 2026-12-06) tells a slow host from a slow change.\n"
)
_SECTION = re.compile(r"^## (?P<title>.+?) — (?P<date>[^—]+?) — (?P<machine>.+)$")
_RULE = re.compile(r"^\|[\s|:-]+\|$")


def record(
    text: str, page: Path = PAGE, history: Path = HISTORY, probe: float | None = None
) -> None:
    """Put one run's section (text starting with its `## ` line) in place of the last one,
    with the host's speed at recording (`probe` ms, measured when None) under its heading."""
    heading, _, body = text.strip("\n").partition("\n")
    probe = host_probe_ms() if probe is None else probe
    section = f"{heading}\n\n{PROBE_LINE.format(probe)}\n{body}\n"
    title = _title(section)
    head, sections = _read(page)
    kept = []
    for old in sections:
        if _title(old) == title:
            _archive(old, history)
        else:
            kept.append(old)
    _write(page, head, [*kept, section])


# The host is shared: whole sections have come out 2.5x slower than an hour before with the
# load average under 1 (another tenant's work, invisible inside this machine). A fixed CPU
# loop timed beside each section tells such a run from a regression.
PROBE_LINE = "Host speed probe: {:.0f} ms for a fixed Python loop (best of 5; lower is faster)."


def host_probe_ms() -> float:
    """The best of five timings of a fixed pure-Python loop, in ms."""
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        timings.append((time.perf_counter() - start) * 1000)
    return min(timings)


def compact(page: Path = PAGE, history: Path = HISTORY) -> None:
    """Keep only the newest section of each title; the rest go to the CSV, oldest first."""
    head, sections = _read(page)
    latest = {_title(s): s for s in sections}
    for section in sections:
        if latest[_title(section)] is not section:
            _archive(section, history)
    _write(page, head, [s for s in sections if latest[_title(s)] is s])


def _title(section: str) -> str:
    first = section.split("\n", 1)[0]
    match = _SECTION.match(first)
    if match is None:
        raise ValueError(f"not a benchmark section heading: {first!r}")
    return match["title"].strip()


def _read(page: Path) -> tuple[str, list[str]]:
    text = page.read_text(encoding="utf-8") if page.exists() else HEAD
    parts = re.split(r"(?m)^(?=## )", text)
    return HEAD, [p.strip("\n") + "\n" for p in parts[1:]]


def _write(page: Path, head: str, sections: list[str]) -> None:
    page.write_text(head + "".join("\n" + s for s in sections), encoding="utf-8")


def _archive(section: str, history: Path) -> None:
    first, _, body = section.partition("\n")
    match = _SECTION.match(first)
    new_file = not history.exists()
    with history.open("a", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        if new_file:
            out.writerow(["benchmark", "date", "machine", "what", "figure"])
        stamp = (match["title"].strip(), match["date"].strip(), match["machine"].strip())
        header_seen = False
        for line in body.splitlines():
            line = line.strip()
            if not line or _RULE.match(line):
                continue
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                if not header_seen:
                    header_seen = True  # the table's column names
                    continue
                out.writerow([*stamp, cells[0], " | ".join(cells[1:])])
            else:
                header_seen = False
                out.writerow([*stamp, "note", line])


if __name__ == "__main__":
    compact()
