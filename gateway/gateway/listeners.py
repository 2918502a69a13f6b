"""Which of the gateway's listeners a request arrived on: the public one or the internal one."""

from __future__ import annotations


def local_port(environ: dict) -> int | None:
    """The local port of the connection, from the socket itself (gunicorn, werkzeug): unlike
    SERVER_PORT or Host, nothing the client sends can change it."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    try:
        return sock.getsockname()[1] if sock is not None else None
    except (OSError, IndexError, TypeError):
        return None


def on_internal_port(environ: dict, internal_port: int) -> bool:
    return bool(internal_port) and local_port(environ) == internal_port
