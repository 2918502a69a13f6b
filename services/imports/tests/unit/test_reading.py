"""Encoding and delimiter detection on their own."""

from __future__ import annotations

import codecs

from imports.domain.reading.delimiter import detect_delimiter
from imports.domain.reading.encoding import EncodingSniffer


def sniff(*chunks: bytes) -> str:
    sniffer = EncodingSniffer()
    for chunk in chunks:
        sniffer.feed(chunk)
    return sniffer.result()


def test_boms_decide():
    assert sniff(codecs.BOM_UTF8 + "Å".encode()) == "utf-8-sig"
    assert sniff("Å;B".encode("utf-16")) == "utf-16"


def test_utf8_split_between_chunks_is_still_utf8():
    data = "Åsa;Öberg".encode()
    assert sniff(data[:1], data[1:]) == "utf-8"


def test_invalid_utf8_late_in_the_file_means_windows_1252():
    assert sniff(b"a;b\n" * 1000, "Åsa;€".encode("cp1252")) == "windows-1252"


def test_file_cut_inside_a_character_is_not_utf8():
    assert sniff("Å".encode()[:1]) == "windows-1252"


def test_byte_undefined_in_windows_1252_means_iso_8859_1():
    assert sniff(b"\xc5sa;\x81") == "iso-8859-1"


CZECH = "Jméno;Příjmení;Město\nJiří;Dvořák;Brno\nRůžena;Černá;Plzeň\nPetr;Šťastný;Děčín\n"


def test_czech_from_excel_is_windows_1250_and_reads_back_exactly():
    data = CZECH.encode("cp1250")
    assert sniff(data) == "windows-1250"
    assert data.decode(sniff(data)) == CZECH
    assert sniff(b"a;b\n" * 1000, data) == "windows-1250"  # however late the letters come


def test_swedish_danish_and_german_stay_windows_1252():
    for text in (
        "Förnamn;Efternamn;Ort\nÅsa;Öberg;Malmö\nPer;Åkesson;Gävle\n",
        "Förnamn;Efternamn\nÅsa;Berg\n",
        "Fornavn;Efternavn;By\nSøren;Jørgensen;Århus\nMette;Ærø;Køge\n",
        "Vorname;Nachname\nJürgen;Müller\nRené;Weiß\n",
    ):
        assert sniff(text.encode("cp1252")) == "windows-1252", text


def test_a_few_french_names_in_a_swedish_file_are_not_czech():
    assert sniff("Namn\nGisèle Åberg\n".encode("cp1252")) == "windows-1252"
    assert sniff("Namn\nHélène Ståhl\nGisèle Öst\nMåns Ek\n".encode("cp1252")) == "windows-1252"


def test_delimiter_ignores_commas_inside_quotes():
    sample = 'a;b;c\n1;"=HYPERLINK(""x"",""y"")";3\n4;5;6\n'
    assert detect_delimiter(sample) == ";"
    assert detect_delimiter("a,b\n1,2\n") == ","
    assert detect_delimiter("a|b|c\n1|2|3\n") == "|"
    assert detect_delimiter("only one column\nx\n") == ","
