"""Streams an upload to disk in chunks, checking its size and learning its encoding on the way."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import BinaryIO

from foyer_shared.words import N_
from imports.domain.errors import FileRejected, FileTooLarge, UnsupportedType
from imports.domain.reading.encoding import EncodingSniffer
from imports.domain.reading.table import CSV, XLSX
from imports.domain.reading.xlsx_guard import OLE_SIGNATURE

CHUNK = 1 << 20
TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ""}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclasses.dataclass(frozen=True)
class Stored:
    path: Path
    kind: str  # csv or xlsx
    size: int
    encoding: str | None
    sample: bytes  # the first chunk, for the delimiter


def store_upload(stream: BinaryIO, filename: str, target: Path, max_bytes: int) -> Stored:
    suffix = Path(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES | XLSX_SUFFIXES:
        raise UnsupportedType(
            N_("%(file)s is neither a .csv nor an .xlsx file") % {"file": repr(filename)}
        )
    first = stream.read(CHUNK)
    if not first:
        raise FileRejected(N_("the file is empty"))
    if first.startswith(OLE_SIGNATURE) or first.startswith(b"PK\x03\x04"):
        kind = XLSX
    elif (
        suffix in XLSX_SUFFIXES
        or b"\x00" in first
        and not first.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise UnsupportedType(
            N_("%(file)s is not a CSV text file or an Excel workbook") % {"file": repr(filename)}
        )
    else:
        kind = CSV
    sniffer = EncodingSniffer() if kind == CSV else None
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with open(target, "wb") as out:
            chunk = first
            while chunk:
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(
                        N_("the file is larger than %(size)s MB") % {"size": max_bytes // (1 << 20)}
                    )
                if sniffer is not None:
                    sniffer.feed(chunk)
                out.write(chunk)
                chunk = stream.read(CHUNK)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Stored(target, kind, size, sniffer.result() if sniffer else None, first)
