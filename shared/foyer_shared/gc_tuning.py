"""Python's cyclic garbage collector as every Foyer process runs it: workers (messaging.worker)
and web workers (gunicorn_conf's post_worker_init)."""

from __future__ import annotations

import gc

# Allocations between the cyclic collector's youngest-generation passes (Python's default: 700).
GC_YOUNG_THRESHOLD = 50_000


def tune_garbage_collection() -> None:
    """Freeze what start-up made (modules, mappers, schemas, settings) out of the collector's
    passes, and pass over the young generation every GC_YOUNG_THRESHOLD allocations.

    A worker handles thousands of short-lived row dicts per message, freed by reference
    counting (they hold no cycles); with the default thresholds the collector still walked them
    every 700 allocations: 2 % of all CPU of a 100k import (perf, all processes). A web worker's
    full collection walked the ~145,000 objects of its app: 88 ms with the GIL held (the
    registry, a slow host), every request in the process waiting, which is p99 territory
    (docs/decisions.md)."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 10)
