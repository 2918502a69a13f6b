"""Stored batch payloads: plain JSON for PostgreSQL to compress, zlib on SQLite; both read back."""

import zlib

from imports import payloads

DATA = {"job_id": "j", "batch_no": 3, "rows": [{"row_no": 2, "first_name": "Åsa"}]}


def test_postgresql_gets_the_json_itself():
    packed = payloads.pack(DATA, "postgresql")
    assert packed.startswith(b"{")
    assert payloads.unpack(packed) == DATA


def test_sqlite_gets_it_zlib_compressed():
    packed = payloads.pack(DATA, "sqlite")
    assert zlib.decompress(packed).startswith(b"{")
    assert payloads.unpack(packed) == DATA


def test_payloads_stored_by_the_earlier_sender_are_read_back():
    earlier = zlib.compress(b'{"rows": [{"row_no": 2}]}', 1)  # before migration 0007
    assert payloads.unpack(earlier) == {"rows": [{"row_no": 2}]}
