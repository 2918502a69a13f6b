"""Which text encoding an uploaded CSV is in, decided from every byte while it streams to disk.

Order (docs/imports.md): a BOM decides (UTF-8, UTF-16); else strict UTF-8 if the whole file
decodes; else Windows-1252, unless a byte it leaves undefined appears, then ISO-8859-1. The two
8-bit encodings differ only in 0x80-0x9F, so this order never loses a character.
"""

from __future__ import annotations

import codecs
import re

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
# Bytes Windows-1252 does not define: a file holding them cannot be Windows-1252.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


class EncodingSniffer:
    """Fed every chunk of the upload; `result()` names the encoding to decode it with."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._utf8_ok = True
        self._cp1252_undefined = False
        self._head = b""

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
        return "iso-8859-1" if self._cp1252_undefined else "windows-1252"
