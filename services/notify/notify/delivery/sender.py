"""The sender loop: claim due messages, deliver them over their channel, record what happened."""

from __future__ import annotations

import logging
import threading
import time

from foyer_shared.db import Database
from foyer_shared.messaging.wakeup import Wakeup, idle
from notify.delivery import email_channel, sms_channel
from notify.use_cases import sending
from notify.use_cases.queueing import WAKEUP_CHANNEL

log = logging.getLogger(__name__)
RELEASE_EVERY_SECONDS = 30.0


class Sender:
    """One per channel; several senders (threads or processes) share the queue safely."""

    def __init__(self, settings, db: Database, channel: str, deliver):
        self.settings, self.db, self.channel, self.deliver = settings, db, channel, deliver
        self.policy = settings.retry_policy()
        self._released_at = 0.0

    @classmethod
    def for_email(cls, settings, db: Database) -> Sender:
        return cls(settings, db, "email", email_channel.deliver)

    @classmethod
    def for_sms(cls, settings, db: Database) -> Sender:
        return cls(settings, db, "sms", sms_channel.deliver)

    def run_once(self) -> int:
        """One claim and its delivery; the number of messages claimed."""
        # Looking for a stopped sender's claims more often than the lease is pointless, less
        # often only delays their retry.
        every = min(RELEASE_EVERY_SECONDS, self.settings.send_lease_seconds)
        if time.monotonic() - self._released_at > every:
            sending.release_stale(self.db, self.settings.send_lease_seconds)
            self._released_at = time.monotonic()
        batch = sending.claim(self.db, self.channel, self.settings.send_batch_size)
        if batch:
            self.deliver(self.settings, self.db, batch, self.policy)
        return len(batch)

    def run(self, stop: threading.Event) -> None:
        wakeup = Wakeup.for_url(self.db.url, WAKEUP_CHANNEL)
        try:
            while not stop.is_set():
                if self.run_once():
                    continue
                idle(wakeup, stop, self.settings.send_poll_seconds)
        finally:
            if wakeup is not None:
                wakeup.close()
