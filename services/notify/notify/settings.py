"""Notify settings: SMTP, SMS providers, the send queue's pace and the templates' links."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "notify"
    # Links in messages notify writes itself (an import's error file): <public_url>/api/...
    public_url: str = "http://127.0.0.1:8080"
    # SMTP (FOYER_SMTP_*): by default the local sink `make up` starts (var/mail/).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_security: str = "none"  # none, starttls or tls
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout: float = 30.0
    mail_from: str = "Foyer <no-reply@foyer.local>"
    message_id_domain: str = "foyer.local"
    # List-Unsubscribe of mail-outs; {message_id} and {person_id} are filled in.
    unsubscribe_address: str = "mailto:unsubscribe@foyer.local?subject=unsubscribe%20{person_id}"
    # `python -m notify sinks` (make up): where the local sinks keep mail/ and sms/.
    sink_folder: str = "var"
    # `python -m notify inbound`: the SMTP endpoint that receives bounce mail (DSNs).
    inbound_smtp_host: str = "127.0.0.1"
    inbound_smtp_port: int = 8027
    # SMS (FOYER_SMS_*): a provider preset (46elks, generic) with its URL and credentials, and a
    # fallback used when the first fails transiently. By default the local SMS sink (var/sms/).
    sms_provider: str = "generic"
    sms_url: str = "http://127.0.0.1:8026/sms"
    sms_username: str = ""
    sms_password: str = ""
    sms_body: str = "form"  # form or json
    sms_fallback_provider: str = "generic"
    sms_fallback_url: str = ""
    sms_fallback_username: str = ""
    sms_fallback_password: str = ""
    sms_fallback_body: str = "form"
    sms_from: str = "Foyer"
    # Signs the delivery-report URL given to the provider (empty: no delivery reports).
    sms_callback_secret: str = ""
    # The send queue: messages per claim (its SMTP connections are opened for it), attempts,
    # back-off. A claim, its connections and its results cost the same for 50 messages as
    # for 200: 200 made the benchmark a fifth faster (docs/benchmarks.md → Notify).
    send_batch_size: int = 200
    # SMTP connections of each e-mail sender, driven in rounds of one message each with one
    # hand-over commit a round (delivery/smtp_round.py): a send waits on the server for most
    # of its time, so one connection leaves a sender idle. Each connection has at most one
    # message in the crash window (docs/notify.md). Mind the server's limit per client.
    smtp_connections: int = 2
    # E-mail senders per process, each a thread with its own claims and connections: while
    # one waits for its round's hand-over commit (an fsync: a third of a lone sender's time
    # on a busy machine), the other talks to the server. 2 x 2: four connections a process.
    email_senders: int = 2
    # The senders hold two connections at once (a batch's autocommit hand-overs and a
    # transaction): room beside the relay and the consumers.
    db_max_overflow: int = 10
    send_max_attempts: int = 8
    send_backoff_initial_seconds: float = 30.0
    send_backoff_max_seconds: float = 3600.0
    send_backoff_jitter_seconds: float = 10.0
    send_poll_seconds: float = 1.0
    # A claim older than this belongs to a sender that stopped (longer than any one send).
    send_lease_seconds: float = 300.0

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("notify", env, **overrides)

    def retry_policy(self):
        from notify.domain.retry import RetryPolicy

        return RetryPolicy(
            max_attempts=self.send_max_attempts,
            initial_seconds=self.send_backoff_initial_seconds,
            max_seconds=self.send_backoff_max_seconds,
            jitter_seconds=self.send_backoff_jitter_seconds,
        )
