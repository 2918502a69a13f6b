"""Checks an XLSX before openpyxl opens it: encrypted, corrupt, or a zip bomb are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

from foyer_shared.words import N_
from imports.domain.errors import FileRejected

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls use it
MAX_RATIO = 100
# Tiny members (styles, rels) legitimately compress well; a bomb needs size to hurt.
RATIO_FLOOR_BYTES = 1 << 20


def check_xlsx(path: Path, max_ratio: int = MAX_RATIO) -> None:
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE_SIGNATURE:
        raise FileRejected(
            N_(
                "the workbook is password-protected (encrypted) or an old .xls file; "
                "save it in Excel as an unprotected .xlsx and upload it again"
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRejected(N_("the file is not a readable .xlsx workbook (corrupt zip)")) from exc
    names = set()
    for info in members:
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise FileRejected(N_("the workbook is encrypted; save it without a password"))
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise FileRejected(
                f"the workbook part {info.filename!r} expands more than {max_ratio}:1; "
                "refused as a possible zip bomb"
            )
    if "xl/workbook.xml" not in names:
        raise FileRejected(N_("the file is not an Excel workbook (no xl/workbook.xml inside)"))
