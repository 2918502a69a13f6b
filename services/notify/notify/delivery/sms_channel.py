"""SMS delivery of a claimed batch: each message handed over (recorded) before its request."""

from __future__ import annotations

from urllib.parse import urlencode

from foyer_shared.db import Database
from notify.delivery.sms import SmsProvider, callback_token, send_with_fallback
from notify.domain.retry import Outcome, RetryPolicy
from notify.use_cases import sending
from notify.use_cases.sending import Claimed


def providers(settings) -> list[SmsProvider]:
    """The first provider and the fallback, those of them that are configured."""
    found = [_configured(settings, "sms"), _configured(settings, "sms_fallback")]
    return [provider for provider in found if provider is not None]


def _configured(settings, prefix: str) -> SmsProvider | None:
    """The provider that FOYER_<PREFIX>_PROVIDER, _URL, _USERNAME, _PASSWORD and _BODY say."""

    def setting(name: str):
        return getattr(settings, f"{prefix}_{name}")

    return SmsProvider.configured(
        setting("provider"),
        url=setting("url"),
        username=setting("username"),
        password=setting("password"),
        body=setting("body"),
        sender=settings.sms_from,
    )


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
