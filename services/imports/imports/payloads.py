"""A batch command's data as stored beside it (Batch.payload), to be sent again or read back.

PostgreSQL stores the JSON as it is and compresses it itself (lz4, migration 0007), in its own
process: zlib in the worker cost the sender ~3 ms a batch, a tenth of a dry run's reading of
the file. SQLite (`make up`) has no such compression, so there the worker zlib-compresses it.
Stored payloads of either kind are read back alike: JSON starts with "{", zlib never does.
"""

from __future__ import annotations

import zlib

import orjson


def pack(data: dict, dialect: str) -> bytes:
    raw = orjson.dumps(data)
    return raw if dialect == "postgresql" else zlib.compress(raw, 1)


def unpack(payload: bytes) -> dict:
    return orjson.loads(payload if payload[:1] == b"{" else zlib.decompress(payload))
