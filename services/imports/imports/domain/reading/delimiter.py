"""Which delimiter a CSV uses: the candidate giving the most consistent column count wins.

csv.Sniffer is misled by quoted cells holding commas (e.g. =HYPERLINK("a","b") in a
semicolon file), so each candidate is parsed with the csv module itself and scored.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter

CANDIDATES = (";", ",", "\t", "|")
SAMPLE_RECORDS = 50


def detect_delimiter(sample: str) -> str:
    """`sample` is the decoded start of the file; a cut last line does not matter much."""
    best: tuple[float, int] = (0.0, 0)
    chosen = ","
    for delimiter in CANDIDATES:
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        widths = [len(r) for r in itertools.islice(reader, SAMPLE_RECORDS) if any(r)]
        if not widths:
            continue
        width = Counter(widths).most_common(1)[0][0]
        if width < 2:
            continue
        score = (sum(w == width for w in widths) / len(widths), width)
        if score > best:
            best, chosen = score, delimiter
    return chosen
