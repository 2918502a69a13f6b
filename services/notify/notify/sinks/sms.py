"""An SMS sink: an HTTP server that takes what an SMS provider would (form or JSON) and keeps
each SMS as a JSON file under a folder, or in memory. `make up` runs it for var/sms/; tests
start their own, also as a provider that fails (`status`)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl


class SmsSink(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: Path | None = None, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), _Handler)
        self.directory, self.status = directory, 200
        self.received: list[dict] = []
        self._numbers, self._lock = itertools.count(1), threading.Lock()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}/sms"

    def keep(self, sms: dict) -> None:
        with self._lock:
            self.received.append(sms)
            number = next(self._numbers)
        if self.directory is not None:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{number:06d}.json"
            (self.directory / name).write_text(json.dumps(sms, ensure_ascii=False, indent=2))

    def start(self) -> SmsSink:
        threading.Thread(target=self.serve_forever, daemon=True, name="sms-sink").start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SmsSink

    def do_POST(self):  # noqa: N802 (http.server's name)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        if "json" in (self.headers.get("Content-Type") or ""):
            sms = json.loads(raw or "{}")
        else:
            sms = dict(parse_qsl(raw))
        status = self.server.status
        if status < 300:
            self.server.keep(sms)
        body = json.dumps({"status": "created" if status < 300 else "refused"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (quiet: no SMS text in any log)
        pass
