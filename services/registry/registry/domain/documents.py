"""Personal documents' rules (issue 23 §8): which files are accepted, by their content."""

from __future__ import annotations

from pathlib import PurePath

# Content type by the file's first bytes; the name's suffix must agree (a .pdf that is a zip
# is refused). Office formats are zips: accepted only under their own suffixes.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
)
ALLOWED = "PDF, PNG, JPEG or Word (.docx)"


class DocumentRefused(ValueError):
    """Not a type we keep (415); `field` names the part."""

    field = "file"


class DocumentTooLarge(ValueError):
    """Over the size limit (413)."""

    field = "file"


def content_type(filename: str, head: bytes) -> str:
    suffix = PurePath(filename or "").suffix.lower()
    for magic, kind, suffixes in _SIGNATURES:
        if head.startswith(magic) and suffix in suffixes:
            return kind
    raise DocumentRefused(f"not a {ALLOWED} file (judged by its content and its name)")


def clean_name(filename: str) -> str:
    """The name as shown and downloaded: no folders, no control characters, at most 200."""
    name = PurePath((filename or "document").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"').strip()
    return (name or "document")[:200]
