"""Readiness of every upstream instance, asked in parallel with a short timeout."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests


def upstream_readiness(
    session: requests.Session, servers: dict[str, tuple[str, ...]], timeout: float
):
    """({name: "ready" | reason}, all_ready): an upstream is ready while one instance is;
    a reason names the instances that are down."""

    def check(server: str) -> str:
        try:
            response = session.get(f"{server}/ready", timeout=timeout)
        except requests.RequestException as exc:
            return f"down: {exc.__class__.__name__}"
        return "ready" if response.status_code == 200 else f"down: {response.status_code}"

    every = sorted({server for urls in servers.values() for server in urls})
    with ThreadPoolExecutor(max_workers=max(1, len(every))) as pool:
        states = dict(zip(every, pool.map(check, every), strict=True))
    results = {}
    for name, urls in sorted(servers.items()):
        down = [f"{url} {states[url]}" for url in urls if states[url] != "ready"]
        if len(down) == len(urls):
            results[name] = states[urls[0]] if len(urls) == 1 else "down: " + "; ".join(down)
        else:
            results[name] = "ready" if not down else "ready (" + "; ".join(down) + ")"
    return results, all(value.startswith("ready") for value in results.values())
