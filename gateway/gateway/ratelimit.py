"""Rate limits (the `limits` library): logins and password resets per address and per account,
and a general per-account limit; refusals are 429 with Retry-After."""

from __future__ import annotations

import json
import math
import time

import limits
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from gateway.errors import GatewayError

# A login body is a few hundred bytes; anything bigger is not read for its username.
MAX_LOGIN_BODY = 16 * 1024


class RateLimits:
    """Moving windows where abuse is likely (exact), a fixed window for the general limit
    (one counter per account and window: cheap enough for every request)."""

    def __init__(self, storage_uri: str, *, login_per_address: str, login_per_account: str,
                 per_account: str, sensitive_paths: tuple[str, ...]):
        storage = storage_from_string(storage_uri)
        self._moving = MovingWindowRateLimiter(storage)
        self._fixed = FixedWindowRateLimiter(storage)
        self._login_address = limits.parse(login_per_address) if login_per_address else None
        self._login_account = limits.parse(login_per_account) if login_per_account else None
        self._account = limits.parse(per_account) if per_account else None
        self._paths = tuple(p.rstrip("/") for p in sensitive_paths)

    def is_sensitive(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in self._paths)

    def check_sensitive(self, path: str, address: str, body: bytes | None) -> None:
        """Before the request goes anywhere: per client address, then per account named."""
        if self._login_address:
            self._hit(self._moving, self._login_address, "addr", path, address)
        account = _account_named(body)
        if account and self._login_account:
            self._hit(self._moving, self._login_account, "acct", path, account)

    def check_account(self, user_id: str) -> None:
        if self._account:
            self._hit(self._fixed, self._account, "user", user_id)

    @staticmethod
    def _hit(limiter, item, *key: str) -> None:
        if limiter.hit(item, *key):
            return
        reset = limiter.get_window_stats(item, *key).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        raise GatewayError(
            429, f"too many requests: at most {item}; try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )


def _account_named(body: bytes | None) -> str | None:
    """The username or e-mail a login or reset body names, lower-cased; None if unreadable."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    value = data.get("username") or data.get("email") or data.get("login")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None
