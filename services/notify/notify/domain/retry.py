"""When a transient failure is tried again: exponential back-off with jitter (tenacity's sums)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from types import SimpleNamespace

from tenacity import wait_exponential_jitter

from notify.domain.states import BOUNCE, BOUNCED, FAILED, OK, QUEUED, SENT, TRANSIENT


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    initial_seconds: float = 30.0
    max_seconds: float = 3600.0
    jitter_seconds: float = 10.0

    def delay(self, attempts: int) -> float:
        """Seconds before the next try after `attempts` attempts (1 → about initial)."""
        wait = wait_exponential_jitter(
            initial=self.initial_seconds, max=self.max_seconds, jitter=self.jitter_seconds
        )
        return wait(SimpleNamespace(attempt_number=max(attempts, 1)))


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one attempt came to: `kind` is OK, TRANSIENT, PERMANENT or BOUNCE."""

    kind: str
    reason: str | None = None
    provider: str | None = None


def next_state(
    outcome: Outcome, attempts: int, now: datetime, policy: RetryPolicy
) -> tuple[str, datetime | None]:
    """The message's new state and, when queued again, when it is due."""
    if outcome.kind == OK:
        return SENT, None
    if outcome.kind == BOUNCE:
        return BOUNCED, None
    if outcome.kind == TRANSIENT and attempts < policy.max_attempts:
        return QUEUED, now + timedelta(seconds=policy.delay(attempts))
    return FAILED, None
