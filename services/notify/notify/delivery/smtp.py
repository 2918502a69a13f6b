"""One SMTP connection for a batch, and a send split around the final dot.

A message is accepted by the server only when it reads the final "." of DATA; a connection
lost before it discards the message. So the sender records the hand-over in its database
just before the dot (`before_dot`), and a crash before that point is safe to send again.
"""

from __future__ import annotations

import functools
import re
import smtplib
import socket
import ssl
from collections.abc import Callable

from notify.domain.retry import Outcome
from notify.domain.states import BOUNCE, OK, PERMANENT, TRANSIENT

_LEADING_DOT = re.compile(rb"(?m)^\.")
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


def _classify(code: int, reply: bytes, stage: str) -> Outcome:
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

    def __exit__(self, *exc_info) -> None:
        client, self.client = self.client, None
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()

    def send(
        self, sender: str, to: str, content: bytes, before_dot: Callable[[], bool]
    ) -> Outcome | None:
        """MAIL, RCPT, DATA and the content; `before_dot()` runs just before the final dot.

        Raises ConnectionFailed while nothing was handed over; once the dot is on its way, a
        lost connection counts as sent (the server may well have accepted it: never twice).
        None when `before_dot()` said no: the connection is dropped, so the server discards
        the unfinished message."""
        client = self.client
        try:
            code, reply = client.docmd("MAIL", f"FROM:{envelope_address(sender)}")
            if code != 250:
                client.rset()
                return _classify(code, reply, "MAIL")
            code, reply = client.docmd("RCPT", f"TO:{envelope_address(to)}")
            if code not in (250, 251):
                client.rset()
                return _classify(code, reply, "RCPT")
            code, reply = client.docmd("DATA")
            if code != 354:
                return _classify(code, reply, "DATA")
            body = _LEADING_DOT.sub(b"..", content)
            client.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionFailed(f"before hand-over: {exc}"[:500]) from exc
        if not before_dot():
            self.client = None
            client.close()
            return None
        try:
            client.send(b".\r\n")
            code, reply = client.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome(OK, f"no reply after the hand-over ({exc}); counted as sent", "smtp")
        return _classify(code, reply, "DATA")
