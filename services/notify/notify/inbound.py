"""`python -m notify inbound`: notify's inbound SMTP endpoint for bounce mail (aiosmtpd).

Point the Return-Path / bounce address of the outgoing mail's domain here; each DSN that names
one of notify's messages marks it bounced (and the address flagged), everything else is taken
and dropped, so a sender never retries at us.
"""

from __future__ import annotations

import logging
import threading

from foyer_shared.db import Database
from notify.sinks.mail import serve_until_stopped, start
from notify.use_cases import bounces

log = logging.getLogger(__name__)


class BounceHandler:
    def __init__(self, db: Database, domain: str):
        self.db, self.domain = db, domain

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        try:
            bounces.bounce_mail_received(self.db, raw, self.domain)
        except Exception:  # noqa: BLE001 - the mail is ours now; a bug must not bounce it back
            log.exception("inbound mail could not be read as a bounce")
        return "250 OK"


def serve(settings, database: Database, stop: threading.Event | None = None) -> None:
    controller = start(
        BounceHandler(database, settings.message_id_domain),
        settings.inbound_smtp_host,
        settings.inbound_smtp_port,
    )
    log.info("inbound SMTP for bounces on %s:%s", settings.inbound_smtp_host, controller.port)
    serve_until_stopped(stop, controller)
