"""The parts of an XLSX workbook a reader needs: sheets, shared strings, date styles, epoch.

Small parts are parsed with defusedxml; shared strings (possibly large) stream through
expat with DTDs and entities refused, as defusedxml refuses them.
"""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from xml.parsers import expat

from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHUNK = 1 << 16


class ForbiddenXml(ValueError):
    """A DTD or an entity declaration inside a workbook part (XML bombs need them)."""


def refuse(*_args):
    raise ForbiddenXml("the workbook's XML declares a DTD or entities; refused")


def expat_parser():
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


@dataclasses.dataclass(frozen=True)
class Book:
    sheets: dict[str, str]  # sheet name → its part in the zip, in workbook order
    strings_part: str | None
    styles_part: str | None
    epoch: object


def read_book(archive: zipfile.ZipFile) -> Book:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets, strings, styles = {}, None, None
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        part = _part(rel.get("Target", ""))
        targets[rel.get("Id")] = part
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind == "sharedStrings":
            strings = part
        elif kind == "styles":
            styles = part
    sheets = {s.get("name"): targets[s.get(f"{REL}id")] for s in workbook.iter(f"{MAIN}sheet")}
    props = workbook.find(f"{MAIN}workbookPr")
    date1904 = props is not None and props.get("date1904", "0").lower() in ("1", "true")
    return Book(sheets, strings, styles, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)


def _part(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


def date_styles(archive: zipfile.ZipFile, book: Book) -> frozenset[str]:
    """Indexes (as the `s` attribute writes them) of cell styles that show a date."""
    if not book.styles_part:
        return frozenset()
    styles = ElementTree.fromstring(archive.read(book.styles_part))
    codes = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    xfs = styles.find(f"{MAIN}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else ()):
        number = int(xf.get("numFmtId", "0"))
        code = codes.get(number) or BUILTIN_FORMATS.get(number, "")
        if is_date_format(code):
            dates.add(str(index))
    return frozenset(dates)


def shared_strings(archive: zipfile.ZipFile, book: Book) -> list[str]:  # noqa: C901 (to split: docs/architecture.md)
    if not book.strings_part:
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(name, _attrs):
        name = name.rpartition(":")[2]
        if name == "t" and not state["phonetic"]:
            state["text"] = True
        elif name == "rPh":
            state["phonetic"] += 1
        elif name == "si":
            parts.clear()

    def end(name):
        name = name.rpartition(":")[2]
        if name == "t":
            state["text"] = False
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "si":
            strings.append("".join(parts))

    def chars(data):
        if state["text"]:
            parts.append(data)

    parser = expat_parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    with archive.open(book.strings_part) as xml:
        while chunk := xml.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings
