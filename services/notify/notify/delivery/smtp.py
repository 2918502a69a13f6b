"""An SMTP connection held for a batch (settings: host, port, security, login).

A message is accepted by the server only when it reads the final "." of DATA; a connection
lost before it discards the message. So the sender records the hand-over in its database
just before the dot (delivery/smtp_round.py), and a crash before that point is safe to send
again.
"""

from __future__ import annotations

import functools
import re
import smtplib
import socket
import ssl

from notify.domain.retry import Outcome
from notify.domain.states import BOUNCE, OK, PERMANENT, TRANSIENT

LEADING_DOT = re.compile(rb"(?m)^\.")
_BARE_ADDRESS = re.compile(r"[^\s<>()\[\]\\,;:\"@]+@[^\s<>()\[\]\\,;:\"@]+")


def envelope_address(address: str) -> str:
    """`<address>` for MAIL FROM and RCPT TO, as smtplib writes it; a bare address (the usual
    recipient) without smtplib's parse, which was a tenth of a sender's CPU."""
    if _BARE_ADDRESS.fullmatch(address):
        return f"<{address}>"
    return _parsed_envelope_address(address)


@functools.lru_cache(maxsize=16)
def _parsed_envelope_address(address: str) -> str:
    return smtplib.quoteaddr(address)  # "Foyer <no-reply@foyer.local>": the sender, cached


class ConnectionFailed(Exception):
    """The server could not be reached or dropped us before the hand-over: try again later."""


def classify(code: int, reply: bytes, stage: str) -> Outcome:
    text = f"{stage}: {code} {reply.decode('utf-8', 'replace')}"[:500]
    if 200 <= code < 400:
        return Outcome(OK, None, "smtp")
    if 400 <= code < 500:
        return Outcome(TRANSIENT, text, "smtp")
    return Outcome(BOUNCE if stage == "RCPT" else PERMANENT, text, "smtp")


class SmtpSession:
    """Opened with the settings (host, port, security none/starttls/tls, login)."""

    def __init__(self, settings):
        self.settings = settings
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        s = self.settings
        try:
            if s.smtp_security == "tls":
                context = ssl.create_default_context()
                client = smtplib.SMTP_SSL(
                    s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, context=context
                )
            else:
                client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
            client.ehlo()
            if s.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if s.smtp_username:
                client.login(s.smtp_username, s.smtp_password)
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionFailed(f"connect: {exc}"[:500]) from exc
        # The final dot goes out alone after the hand-over commit: without TCP_NODELAY, Nagle
        # holds it until the server acknowledges the content (a delayed ACK, up to 40 ms a mail).
        client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.client = client
        return self

    @property
    def alive(self) -> bool:
        return self.client is not None

    def drop(self) -> None:
        """Close without QUIT: a message whose dot was not sent is discarded by the server."""
        client, self.client = self.client, None
        if client is not None:
            client.close()

    def __exit__(self, *exc_info) -> None:
        client, self.client = self.client, None
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
