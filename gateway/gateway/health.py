"""Readiness of every upstream, asked in parallel with a short timeout."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests


def upstream_readiness(session: requests.Session, urls: dict[str, str], timeout: float):
    """({name: "ready" | reason}, all_ready)."""

    def check(item):
        name, base = item
        try:
            response = session.get(f"{base}/ready", timeout=timeout)
        except requests.RequestException as exc:
            return name, f"down: {exc.__class__.__name__}"
        return name, "ready" if response.status_code == 200 else f"down: {response.status_code}"

    with ThreadPoolExecutor(max_workers=max(1, len(urls))) as pool:
        results = dict(pool.map(check, sorted(urls.items())))
    return results, all(value == "ready" for value in results.values())
