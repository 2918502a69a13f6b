"""Where documents' bytes live (issue 23 §8): a storage port, a local directory by default.

The database holds what a document is (name, type, size, whose); the store holds its bytes
under the document's id. Another store (S3-compatible) implements the same four methods.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from registry.domain.documents import DocumentTooLarge

CHUNK = 1 << 20


class DocumentStore(Protocol):
    def put(self, key: str, stream: BinaryIO, max_bytes: int) -> int: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def keys_older_than(self, seconds: float) -> Iterator[str]: ...


class LocalDirectoryStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def put(self, key: str, stream: BinaryIO, max_bytes: int) -> int:
        """Copies the stream in chunks, counting; over `max_bytes` nothing is left behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        target, size = self._path(key), 0
        try:
            with open(target, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise DocumentTooLarge(f"the file is larger than {max_bytes:,} bytes")
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return size

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys_older_than(self, seconds: float) -> Iterator[str]:
        if not self.root.is_dir():
            return
        limit = time.time() - seconds
        for path in self.root.iterdir():
            if path.is_file() and path.stat().st_mtime < limit:
                yield path.name

    def _path(self, key: str) -> Path:
        if not key or "/" in key or key.startswith("."):
            raise ValueError(f"not a document key: {key!r}")
        return self.root / key
