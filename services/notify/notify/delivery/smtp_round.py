"""A round: one message on each of a sender's SMTP connections, up to the final dot, then the
dots. The commands of a step go out on every connection before any reply is read, so the
server works on the round's messages side by side, and the round's hand-over is one commit
between the content and the dots (use_cases/handover.py)."""

from __future__ import annotations

import dataclasses
import smtplib

from notify.delivery.smtp import LEADING_DOT, SmtpSession, classify, envelope_address
from notify.domain.retry import Outcome
from notify.domain.states import OK, TRANSIENT
from notify.use_cases.sending import Claimed

# (command, what a connection answers when it goes on)
_STEPS = (("MAIL", (250,)), ("RCPT", (250, 251)), ("DATA", (354,)))


@dataclasses.dataclass
class Transfer:
    """One message on one connection; `outcome` set once it is settled."""

    session: SmtpSession
    item: Claimed
    content: bytes
    outcome: Outcome | None = None

    def _lost(self, exc: Exception) -> None:
        """The connection broke before the dot: the server discards the message, try again."""
        self.session.drop()
        self.outcome = Outcome(TRANSIENT, f"before hand-over: {exc}"[:500], "smtp")

    def put(self, command: str, sender: str) -> None:
        if command == "MAIL":
            args = f"FROM:{envelope_address(sender)}"
        elif command == "RCPT":
            args = f"TO:{envelope_address(self.item.to_address)}"
        else:
            args = ""
        try:
            self.session.client.putcmd(command, args)
        except (OSError, smtplib.SMTPException) as exc:
            self._lost(exc)

    def expect(self, command: str, good: tuple[int, ...]) -> None:
        client = self.session.client
        try:
            code, reply = client.getreply()
            if code in good:
                return
            if command != "DATA":
                client.rset()
        except (OSError, smtplib.SMTPException) as exc:
            self._lost(exc)
            return
        self.outcome = classify(code, reply, command)

    def send_content(self) -> None:
        body = LEADING_DOT.sub(b"..", self.content)
        try:
            self.session.client.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        except (OSError, smtplib.SMTPException) as exc:
            self._lost(exc)


def up_to_the_dot(sender: str, transfers: list[Transfer]) -> list[Transfer]:
    """MAIL, RCPT, DATA and the content of each transfer; the ones now waiting for their dot
    (the others have their outcome: refused, or the connection lost)."""
    for command, good in _STEPS:
        going = [t for t in transfers if t.outcome is None]
        for transfer in going:
            transfer.put(command, sender)
        for transfer in going:
            if transfer.outcome is None:
                transfer.expect(command, good)
    going = [t for t in transfers if t.outcome is None]
    for transfer in going:
        transfer.send_content()
    return [t for t in going if t.outcome is None]


def dots(transfers: list[Transfer]) -> None:
    """The final dots, then the replies. Once a dot is on its way a lost connection counts as
    sent: the server may well have accepted the message (never twice)."""
    written = []
    for transfer in transfers:
        try:
            transfer.session.client.send(b".\r\n")
            written.append(transfer)
        except (OSError, smtplib.SMTPException) as exc:
            transfer.session.drop()
            transfer.outcome = _counted_sent(exc)
    for transfer in written:
        try:
            code, reply = transfer.session.client.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            transfer.session.drop()
            transfer.outcome = _counted_sent(exc)
            continue
        transfer.outcome = classify(code, reply, "DATA")


def _counted_sent(exc: Exception) -> Outcome:
    return Outcome(OK, f"no reply after the hand-over ({exc}); counted as sent", "smtp")
