"""`python -m notify sinks`: the local SMTP sink (var/mail/*.eml) and SMS sink (var/sms/*.json)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from notify.sinks import mail
from notify.sinks.sms import SmsSink

log = logging.getLogger(__name__)


def serve(settings, _database=None, stop: threading.Event | None = None) -> None:
    """Listens where notify sends by default (FOYER_SMTP_PORT, FOYER_SMS_URL's port)."""
    folder = Path(settings.sink_folder)
    controller = mail.start(mail.MailSink(folder / "mail"), settings.smtp_host, settings.smtp_port)
    sms_port = int(settings.sms_url.rsplit(":", 1)[1].split("/", 1)[0])
    sms = SmsSink(folder / "sms", port=sms_port).start()
    log.info("mail sink on %s:%s → %s", settings.smtp_host, controller.port, folder / "mail")
    log.info("SMS sink on %s → %s", sms.url, folder / "sms")
    mail.serve_until_stopped(stop, controller, sms)
