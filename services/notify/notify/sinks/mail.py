"""An SMTP sink (aiosmtpd): keeps each mail, as an .eml file under a folder or in memory.

`make up` runs it (`python -m notify sinks`) so a newcomer finds the activation mail of an
account they just created under var/mail/; tests start their own with `refuse` to play a
server that refuses an address (550) or asks to come back later (451).
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from aiosmtpd.controller import Controller


class MailSink:
    def __init__(self, directory: Path | None = None, refuse: Callable | None = None):
        self.directory = directory
        self.refuse = refuse  # address → an SMTP reply to refuse it with, or None
        self.received: list[tuple[str, list[str], bytes]] = []
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse(address) if self.refuse else None
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        with self._lock:
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), content))
            number = next(self._numbers)
        if self.directory is not None:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{number:06d}.eml"
            (self.directory / name).write_bytes(content)
        return "250 Message accepted for delivery"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def start(handler, host: str = "127.0.0.1", port: int = 0) -> Controller:
    """An SMTP server on its own thread, answering before this returns; stop() it after."""
    controller = Controller(handler, hostname=host, port=port or free_port(host))
    controller.start()
    return controller


def serve_until_stopped(stop: threading.Event | None, *servers) -> None:
    """Serve until `stop` is set (forever without one, or until Ctrl-C), then stop each of the
    `servers` (anything with a stop())."""
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        for server in servers:
            server.stop()
