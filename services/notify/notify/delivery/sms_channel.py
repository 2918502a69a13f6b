"""SMS delivery of a claimed batch: each message handed over (recorded) before its request."""

from __future__ import annotations

from urllib.parse import urlencode

from foyer_shared.db import Database
from notify.delivery.sms import SmsProvider, callback_token, send_with_fallback
from notify.domain.retry import Outcome, RetryPolicy
from notify.use_cases import sending
from notify.use_cases.sending import Claimed


def providers(settings) -> list[SmsProvider]:
    found = [
        SmsProvider.configured(
            settings.sms_provider,
            url=settings.sms_url,
            username=settings.sms_username,
            password=settings.sms_password,
            body=settings.sms_body,
            sender=settings.sms_from,
        ),
        SmsProvider.configured(
            settings.sms_fallback_provider,
            url=settings.sms_fallback_url,
            username=settings.sms_fallback_username,
            password=settings.sms_fallback_password,
            body=settings.sms_fallback_body,
            sender=settings.sms_from,
        ),
    ]
    return [provider for provider in found if provider is not None]


def callback_url(settings, message_id: str) -> str | None:
    if not settings.sms_callback_secret:
        return None
    token = callback_token(settings.sms_callback_secret, message_id)
    query = urlencode({"message_id": message_id, "token": token})
    return f"{settings.public_url.rstrip('/')}/api/notify/callbacks/sms?{query}"


def deliver(settings, db: Database, batch: list[Claimed], policy: RetryPolicy) -> None:
    chain = providers(settings)
    done: list[tuple[Claimed, Outcome]] = []
    for item in batch:
        if not sending.hand_over(db, item, done, policy):
            break  # our claim was taken back: the rest is someone else's
        outcome = send_with_fallback(
            chain, item.to_address, item.body_text or "", callback_url(settings, item.id)
        )
        done.append((item, outcome))
    sending.record(db, done, policy)
