"""SMS over HTTP: one generic adapter (URL, credentials, form or JSON body, field names from
configuration) and 46elks as a preset of it. A second provider takes over when the first
fails in a way worth retrying (connection refused, 429, 5xx)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

import requests

from notify.domain.retry import Outcome
from notify.domain.states import OK, PERMANENT, TRANSIENT

# 46elks (https://46elks.com/docs/send-sms): POST form from/to/message with HTTP basic auth
# (API username and password); `whendelivered` names the URL it reports delivery to.
PRESETS = {
    "46elks": {
        "url": "https://api.46elks.com/a1/sms",
        "body": "form",
        "callback_field": "whendelivered",
    },
    "generic": {},
}


@dataclasses.dataclass(frozen=True)
class SmsProvider:
    name: str
    url: str
    username: str = ""
    password: str = ""
    body: str = "form"  # form or json
    sender: str = "Foyer"
    to_field: str = "to"
    message_field: str = "message"
    sender_field: str = "from"
    callback_field: str = "callback_url"
    timeout: float = 10.0

    @classmethod
    def configured(cls, kind: str, **values) -> SmsProvider | None:
        """A provider from settings; None when it has no URL (no fallback configured)."""
        merged = {**PRESETS.get(kind, {}), **{k: v for k, v in values.items() if v}}
        return cls(name=kind, **merged) if merged.get("url") else None

    def send(self, to: str, text: str, callback_url: str | None) -> Outcome:
        fields = {self.sender_field: self.sender, self.to_field: to, self.message_field: text}
        if callback_url:
            fields[self.callback_field] = callback_url
        auth = (self.username, self.password) if self.username else None
        body = {"json": fields} if self.body == "json" else {"data": fields}
        try:
            response = requests.post(self.url, auth=auth, timeout=self.timeout, **body)
        except requests.ConnectionError as exc:
            reason = f"{self.name}: cannot connect ({type(exc).__name__})"
            return Outcome(TRANSIENT, reason, self.name)
        except requests.Timeout:
            return Outcome(OK, f"{self.name}: no answer in time; counted as sent", self.name)
        code = response.status_code
        if code < 300:
            return Outcome(OK, None, self.name)
        reason = f"{self.name}: HTTP {code} {response.text[:200]}"
        if code == 429 or code >= 500:
            return Outcome(TRANSIENT, reason, self.name)
        return Outcome(PERMANENT, reason, self.name)


def send_with_fallback(providers: list[SmsProvider], to: str, text: str, callback_url) -> Outcome:
    """The first provider's answer, unless it failed transiently and another is configured."""
    outcome = Outcome(TRANSIENT, "no SMS provider configured")
    for provider in providers:
        outcome = provider.send(to, text, callback_url)
        if outcome.kind != TRANSIENT:
            return outcome
    return outcome


def callback_token(secret: str, message_id: str) -> str:
    """Proves a delivery report is about a message notify sent (the callback URL carries it)."""
    return hmac.new(secret.encode(), message_id.encode(), hashlib.sha256).hexdigest()[:32]
