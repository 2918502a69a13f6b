"""What the hot path no longer does per request (the profile's findings, docs/gateway.md →
Speed), each checked to still give the same result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from werkzeug.datastructures import EnvironHeaders

from gateway import web
from gateway.lean_request import _Headers


def test_lean_headers_list_what_werkzeug_lists():
    environ = {
        "HTTP_AUTHORIZATION": "Bearer x",
        "HTTP_X_CUSTOM_THING": "kept",
        "HTTP_CONTENT_TYPE": "shadowed",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": "",
        "REQUEST_METHOD": "GET",
        "wsgi.input": None,
    }
    assert list(_Headers(environ).items()) == list(EnvironHeaders(environ).items())
    for name in ("Authorization", "content-type", "Content-Length", "X-Custom-Thing", "Nope"):
        assert _Headers(environ).get(name) == EnvironHeaders(environ).get(name)


def test_access_line_time_formatted_once_a_second(monkeypatch, capsys):
    log = web.AccessLog("gateway")
    log.enabled = True
    calls = []
    real = time.strftime
    monkeypatch.setattr(web.time, "strftime", lambda *a: calls.append(1) or real(*a))
    for _ in range(50):
        log.write("rid", {"status": 200})
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert len(lines) == 50 and len(calls) <= 2  # at most one new second during the loop
    stamp = lines[-1]["time"]
    assert time.strptime(stamp.split(",")[0], "%Y-%m-%d %H:%M:%S")
    assert (
        abs(time.mktime(time.strptime(stamp.split(",")[0], "%Y-%m-%d %H:%M:%S")) - time.time()) < 5
    )


_METRICS_CHILD = """
import json, os, sys
from gateway.metrics import metrics
m = metrics()
calls = []
def watch(frame, event, arg):  # builtins show up as c_call events, whoever holds a reference
    if event == "c_call" and arg is os.getpid:
        calls.append(1)
sys.setprofile(watch)
for _ in range(100):
    m.request("registry", "up", 200, 0.01)
    m.in_flight_change("registry", 1)
    m.in_flight_change("registry", -1)
sys.setprofile(None)
child = os.fork()
if child == 0:
    m.request("registry", "up", 200, 0.01)
    os._exit(0)
os.waitpid(child, 0)
print(json.dumps({"getpid_calls": len(calls), "files": sorted(os.listdir(sys.argv[1])),
                  "parent": os.getpid(), "child": child}))
"""


def test_multiprocess_metrics_ask_no_pid_per_change_and_follow_a_fork(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _METRICS_CHILD, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["getpid_calls"] == 0
    # The forked child wrote its figures into its own file, not into its parent's.
    assert f"counter_{seen['parent']}.db" in seen["files"]
    assert f"counter_{seen['child']}.db" in seen["files"]
