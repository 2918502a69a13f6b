"""Rate limits (the `limits` library): logins and password resets per address and per account,
and a general per-account limit; refusals are 429 with Retry-After."""

from __future__ import annotations

import json
import math
import threading
import time

import limits
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from gateway.errors import GatewayError

# A login body is a few hundred bytes; anything bigger is not read for its username.
MAX_LOGIN_BODY = 16 * 1024


class AccountWindows:
    """Fixed-window counters per account for the general limit, checked on every request.

    Not `limits`' memory storage: under load it starts a timer thread every 10 ms to expire
    keys, which cost more than the whole proxy hop. Here a window's counters are simply
    replaced when the next window starts.
    """

    def __init__(self, item):
        self._item = item
        self._seconds = item.get_expiry()
        self._window = -1
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def hit(self, account: str) -> None:
        now = time.time()
        window = int(now // self._seconds)
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            count = self._counts.get(account, 0) + 1
            self._counts[account] = count
        if count > self._item.amount:
            wait = max(1, math.ceil((window + 1) * self._seconds - now))
            raise GatewayError(
                429,
                f"too many requests: at most {self._item}; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )


class RateLimits:
    """Moving windows (`limits`) where abuse is likely: logins and password resets, exact and
    rarely hit; a fixed window per account for the general limit on every request."""

    def __init__(
        self,
        storage_uri: str,
        *,
        login_per_address: str,
        login_per_account: str,
        per_account: str,
        sensitive_paths: tuple[str, ...],
    ):
        storage = storage_from_string(storage_uri)
        self._moving = MovingWindowRateLimiter(storage)
        self._login_address = limits.parse(login_per_address) if login_per_address else None
        self._login_account = limits.parse(login_per_account) if login_per_account else None
        self._account = AccountWindows(limits.parse(per_account)) if per_account else None
        self._paths = tuple(p.rstrip("/") for p in sensitive_paths)

    def is_sensitive(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in self._paths)

    def check_sensitive(self, path: str, address: str, body: bytes | None) -> None:
        """Before the request goes anywhere: per client address, then per account named from
        that address (never per account alone: anyone could then keep an account out)."""
        if self._login_address:
            self._hit(self._moving, self._login_address, "addr", path, address)
        account = _account_named(body)
        if account and self._login_account:
            self._hit(self._moving, self._login_account, "acct", path, account, address)

    def check_account(self, user_id: str) -> None:
        if self._account:
            self._account.hit(user_id)

    @staticmethod
    def _hit(limiter, item, *key: str) -> None:
        if limiter.hit(item, *key):
            return
        reset = limiter.get_window_stats(item, *key).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        raise GatewayError(
            429,
            f"too many requests: at most {item}; try again in {wait} s",
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
