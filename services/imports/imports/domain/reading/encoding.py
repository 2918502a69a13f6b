"""Which text encoding an uploaded CSV is in, decided from every byte while it streams to disk.

Order (docs/imports.md): a BOM decides (UTF-8, UTF-16); else strict UTF-8 if the whole file
decodes; else one of the 8-bit Windows code pages Excel writes for our customers' languages:
Windows-1250 (Czech) when the file holds letters only Czech spells with those bytes, else
Windows-1252 (Swedish, Danish), unless a byte it leaves undefined appears, then ISO-8859-1.

Windows-1250 and -1252 give most bytes the same letter (á é í ó ú ý ä ö ü š ž). Where they differ
the byte is a letter in both, so no check of the bytes alone can tell them apart, and
charset-normalizer (tried first) took short Swedish files for Windows-1250 ("Åsa" → "Ĺsa").
So the bytes where they differ vote: ě č ů ň ď ť (1250) are everyday Czech and rare in Nordic
names as ì è ù ò ï (1252), while å æ (1252) are everyday Swedish and Danish and as ĺ ć (1250) no
Czech word has them. ø/ř share a byte and vote for neither.
"""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes Windows-1252 does not define: a file holding them cannot be Windows-1252.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# Bytes Windows-1250 does not define: a file holding them cannot be Windows-1250.
CP1250_UNDEFINED = re.compile(rb"[\x81\x83\x88\x90\x98]")
# ě č ů ň ď ť and capitals in Windows-1250 (ì è ù ò ï and capitals, or undefined, in 1252).
CZECH_BYTES = tuple(
    bytes([b]) for b in (0xEC, 0xE8, 0xF9, 0xF2, 0xEF, 0x9D, 0xCC, 0xC8, 0xD9, 0xD2, 0xCF, 0x8D)
)
# å æ and capitals in Windows-1252 (ĺ ć and capitals in 1250).
NORDIC_BYTES = tuple(bytes([b]) for b in (0xE5, 0xE6, 0xC5, 0xC6))
# What a person may choose instead when the detection guessed wrong (PUT /jobs/{id}/mapping).
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "windows-1252",
    "windows-1250",
    "iso-8859-1",
    "iso-8859-2",
)
VOTING_BYTES = 1 << 20  # the first MiB decides: thousands of names
CZECH_AT_LEAST = 2  # one "Gisèle" in a short Swedish file is not Czech


class EncodingSniffer:
    """Fed every chunk of the upload; `result()` names the encoding to decode it with."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._utf8_ok = True
        self._cp1252_undefined = False
        self._cp1250_undefined = False
        self._head = b""
        self._czech = self._nordic = self._voted = 0

    def feed(self, chunk: bytes) -> None:
        if len(self._head) < 4:
            self._head += chunk[: 4 - len(self._head)]
        if self._utf8_ok:
            try:
                self._utf8.decode(chunk)
            except UnicodeDecodeError:
                self._utf8_ok = False
        if not self._cp1252_undefined and CP1252_UNDEFINED.search(chunk):
            self._cp1252_undefined = True
        if not self._cp1250_undefined and CP1250_UNDEFINED.search(chunk):
            self._cp1250_undefined = True
        if self._voted < VOTING_BYTES:
            sample = chunk[: VOTING_BYTES - self._voted]
            self._voted += len(sample)
            self._czech += sum(sample.count(b) for b in CZECH_BYTES)
            self._nordic += sum(sample.count(b) for b in NORDIC_BYTES)

    def result(self) -> str:
        for bom, name in BOMS:
            if self._head.startswith(bom):
                return name
        if self._utf8_ok:
            try:
                self._utf8.decode(b"", final=True)  # a file cut inside a character is not UTF-8
                return "utf-8"
            except UnicodeDecodeError:
                pass
        if (
            self._czech >= CZECH_AT_LEAST
            and self._czech > self._nordic
            and not self._cp1250_undefined
        ):
            return "windows-1250"
        return "iso-8859-1" if self._cp1252_undefined else "windows-1252"
