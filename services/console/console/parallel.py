"""A page's independent API reads sent at once instead of one after another.

The person card shows a dozen sections, each read from a service through the gateway in a few
milliseconds; one after another they were most of the time the desk waited for the card. Here
each read runs in a thread with a copy of this request's context: the same session (its tokens)
and what `g` already holds (who is signed in, the request id), so a read behaves as it does in
the view; what a read keeps in `g` comes back to the page. A few run at a time, so that one page
does not take all the slots the gateway gives a service (`max_in_flight`, gateway/routes.toml)
from the other desks' pages.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import copy_current_request_context, g

from console import access
from console import session as tokens

LANES = 4


def read_all(**reads: Callable[[], Any]) -> dict[str, Any]:
    """{name: what the read returned}. A read that raises raises here, as if the reads had run
    in turn (the first of them by the order given), once every read has finished."""
    # Resolved once here, not once per thread: who is signed in (one /api/access/me a page), the
    # request id, and a token that stays good for the page's reads (refreshed now if near its end).
    access.me()
    tokens.request_id()
    if tokens.signed_in():
        tokens.access_token()
    known = {name: g.get(name) for name in g}

    def in_request(read: Callable[[], Any]) -> Callable[[], Any]:
        @copy_current_request_context
        def run():
            for name, value in known.items():
                setattr(g, name, value)
            result = read()
            return result, {name: g.get(name) for name in g if name not in known}

        return run

    with ThreadPoolExecutor(max_workers=max(1, min(LANES, len(reads)))) as pool:
        # Each read in a copy of this thread's context variables too: the log lines a read
        # writes carry the page's request id (foyer_shared.logging).
        futures = {
            name: pool.submit(contextvars.copy_context().run, in_request(read))
            for name, read in reads.items()
        }
        results = {}
        for name, future in futures.items():
            results[name], learned = future.result()
            # What a read kept in `g` (the staff list, the CRM's time zone) the page has too, so
            # the template does not ask for it again.
            for key, value in learned.items():
                setattr(g, key, value)
        return results
