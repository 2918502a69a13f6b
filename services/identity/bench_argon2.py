"""How long one argon2id hash and one verification take with identity's parameters.

Run: .venv/bin/python services/identity/bench_argon2.py  (prints a Markdown section for
docs/benchmarks.md). Every login pays one verification, so this bounds logins per core.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from datetime import UTC, datetime

from identity.domain import passwords

ROUNDS = 30


def timed(function, *args) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function(*args)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    password = "correct horse battery staple"
    stored = passwords.hash_password(password)
    hashing = timed(passwords.hash_password, password)
    verifying = timed(passwords.verify, stored, password)
    params = stored.split("$")[3]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"## argon2id password hashing — {now} — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}\n"
    )
    print(
        f"Parameters `{params}` (OWASP: m=19 MiB, t=2, p=1); {ROUNDS} rounds each, one thread, "
        "on a machine shared with other test runs.\n"
    )
    print("| what | p50 | p95 |")
    print("|------|-----|-----|")
    for name, samples in (("hash one password", hashing), ("verify one password", verifying)):
        ordered = sorted(samples)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(f"| {name} | {statistics.median(samples):.1f} ms | {p95:.1f} ms |")
    per_core = 1000 / statistics.median(verifying)
    print(f"| logins per second per core (bounded by one verification) | {per_core:.0f} | |")


if __name__ == "__main__":
    main()
