"""gunicorn settings for the gateway: `gunicorn -c python:gateway.gunicorn_conf ...`.

The shared settings, minus gunicorn's access line (the gateway writes a richer JSON one with
the decision id), plus a directory where every worker's Prometheus figures meet.
"""

import os
import shutil
import tempfile

from foyer_shared.gunicorn_conf import *  # noqa: F403

accesslog = None

# Set before any worker imports prometheus_client, so every worker writes its figures here.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="foyer-gateway-metrics-")
    _made_here = True
else:
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
    _made_here = False


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_here:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
