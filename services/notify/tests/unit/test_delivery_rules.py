"""Back-off, state changes after an attempt, and how a message row becomes an e-mail."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

from notify.domain import email
from notify.domain.retry import Outcome, RetryPolicy, next_state
from notify.domain.states import BOUNCE, FAILED, OK, PERMANENT, QUEUED, TRANSIENT

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, initial_seconds=10, max_seconds=100, jitter_seconds=1)


def test_back_off_grows_exponentially_with_jitter_and_a_ceiling():
    first, second, late = POLICY.delay(1), POLICY.delay(2), POLICY.delay(9)
    assert 10 <= first <= 11 and 20 <= second <= 21
    assert late == 100


def test_transient_failures_queue_again_until_attempts_are_used_up():
    state, due = next_state(Outcome(TRANSIENT, "451 later"), 1, NOW, POLICY)
    assert state == QUEUED and due > NOW
    assert next_state(Outcome(TRANSIENT, "451 later"), 3, NOW, POLICY) == (FAILED, None)


def test_ok_bounce_and_permanent_end_at_once():
    assert next_state(Outcome(OK), 1, NOW, POLICY)[0] == "sent"
    assert next_state(Outcome(BOUNCE, "550"), 1, NOW, POLICY)[0] == "bounced"
    assert next_state(Outcome(PERMANENT, "554"), 1, NOW, POLICY)[0] == FAILED


def test_mail_has_both_parts_its_message_id_and_unsubscribe_for_mail_outs():
    raw = email.build(
        row_id="m-1",
        sender="Foyer <no-reply@foyer.local>",
        to="åsa@example.se".replace("å", "a"),
        subject="Välkommen",
        text="Hej Åsa",
        html="<p>Hej Åsa</p>",
        domain="foyer.test",
        unsubscribe="https://foyer.test/unsubscribe?m=m-1",
    )
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["Message-ID"] == "<m-1@foyer.test>"
    assert mail["Subject"] == "Välkommen"
    assert mail["List-Unsubscribe"] == "<https://foyer.test/unsubscribe?m=m-1>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.get_body(("plain",)).get_content().strip() == "Hej Åsa"
    assert mail.get_body(("html",)).get_content().strip() == "<p>Hej Åsa</p>"
    assert b"\r\n" in raw


def test_account_mail_has_no_unsubscribe():
    raw = email.build(
        row_id="m-2", sender="a@b.se", to="c@d.se", subject="s", text="t", html=None, domain="x"
    )
    assert "List-Unsubscribe" not in message_from_bytes(raw, policy=policy.default)


def test_unsubscribe_address_fills_in_the_ids():
    template = "mailto:u@foyer.local?subject=unsubscribe%20{person_id}"
    assert email.unsubscribe_address(template, "m", "p-1") == (
        "mailto:u@foyer.local?subject=unsubscribe%20p-1"
    )
    assert email.unsubscribe_address("", "m", "p") is None


def test_each_mail_has_its_own_text_and_long_headers_are_folded():
    """The encoded body is reused for identical texts only; a long or non-ASCII header is
    folded into CRLF lines a mail server accepts."""
    long_subject = "Välkommen till årets sommarläger för hela familjen, anmälan öppnar nu " * 3
    first, second = (
        email.build(
            row_id=f"m-{n}",
            sender="Receptionen i Göteborg <no-reply@foyer.local>",
            to="c@d.se",
            subject=long_subject,
            text=f"Hej {name}",
            html=None,
            domain="x",
        )
        for n, name in ((1, "Åsa"), (2, "Per"))
    )
    for raw, name in ((first, "Åsa"), (second, "Per")):
        mail = message_from_bytes(raw, policy=policy.default)
        assert mail.get_content().strip() == f"Hej {name}"
        assert mail["Subject"] == " ".join(long_subject.split())
        assert mail["From"].addresses[0].display_name == "Receptionen i Göteborg"
        lines = raw.split(b"\r\n")
        assert all(len(line) <= 78 for line in lines) and b"\n" not in b"".join(lines)


def test_headers_written_directly_read_as_the_email_package_writes_them():
    """From, Subject and a long List-Unsubscribe skip the email package (the sender's CPU):
    byte for byte what it writes."""
    from email.message import Message

    from notify.domain.email import _CRLF, _header_line

    def folded(name, value):
        mail = Message(policy=_CRLF)
        mail[name] = value
        return mail.as_bytes(policy=_CRLF).partition(b"\r\n\r\n")[0] + b"\r\n"

    long_url = "<mailto:unsubscribe@foyer.local?subject=unsubscribe%20" + "0123456789" * 5 + ">"
    for name, value in (
        ("List-Unsubscribe", long_url),
        ("List-Unsubscribe", "<https://foyer.test/u?m=" + "x" * 90 + ">"),
        ("To", "p1@example.se"),
    ):
        assert _header_line(name, value) == folded(name, value)


def test_copies_of_a_mail_out_share_from_and_subject_but_not_their_own_headers():
    common = {
        "sender": "Receptionen i Göteborg <no-reply@foyer.local>",
        "subject": "Öppettider i jul",
        "text": "Hej",
        "html": None,
        "domain": "x",
    }
    for to, row in (("a@d.se", "m-1"), ("b@d.se", "m-2")):
        raw = email.build(row_id=row, to=to, **common)
        mail = message_from_bytes(raw, policy=policy.default)
        assert mail["Subject"] == "Öppettider i jul"
        assert mail["From"].addresses[0].display_name == "Receptionen i Göteborg"
        assert mail["To"] == to and mail["Message-ID"] == f"<{row}@x>"


def test_envelope_addresses_are_written_as_smtplib_writes_them():
    import smtplib

    from notify.delivery.smtp import envelope_address

    for address in ("p0@example.se", "Foyer <no-reply@foyer.local>", '"a b"@c.se', "<x@y>", ""):
        assert envelope_address(address) == smtplib.quoteaddr(address)
