"""A fake public register over HTTP (SPAR's JSON gateway and ARES's REST shapes) that a test
starts on a free port: tests and end-to-end suites point the registry's settings at it.

    with FakeRegister() as fake:
        fake.spar["198001011234"] = fake_register.spar_person(first_name="Åsa", ...)
        settings = Settings(spar_url=fake.spar_url, ares_url=fake.ares_url, ...)
        fake.mode = "slow"   # answers after `delay` seconds; "error": 500; "garbage": not JSON

`fake.requests` counts the requests served (what a cache saves shows there).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARES_PREFIX = "/ares/ekonomicke-subjekty-v-be/rest/ekonomicke-subjekty/"
SPAR_PREFIX = "/spar/personer/"


def spar_person(
    personnummer: str,
    first_name: str = "Åsa",
    last_name: str = "Lindström",
    address: str = "Storgatan 1",
    postal_code: str = "11122",
    city: str = "STOCKHOLM",
    sex: str = "K",
) -> dict:
    """An answer of the SPAR gateway (docs/registry.md → Look-ups), 12-digit personnummer."""
    digits = personnummer.replace("-", "").replace("+", "")
    return {
        "idNummer": digits,
        "fornamn": first_name,
        "efternamn": last_name,
        "fodelsedatum": f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}",
        "kon": sex,
        "folkbokforingsadress": {
            "utdelningsadress2": address,
            "postNr": postal_code,
            "postort": city,
        },
    }


def ares_subject(ico: str, name: str = "Pohodlne s.r.o.", street: str = "Budějovická") -> dict:
    """An answer of ARES's /ekonomicke-subjekty/{ico}, trimmed to the fields Foyer reads."""
    return {
        "ico": ico,
        "obchodniJmeno": name,
        "dic": f"CZ{ico}",
        "sidlo": {
            "kodStatu": "CZ",
            "nazevStatu": "Česká republika",
            "nazevObce": "Praha",
            "nazevCastiObce": "Michle",
            "nazevUlice": street,
            "cisloDomovni": 778,
            "cisloOrientacni": 3,
            "cisloOrientacniPismeno": "a",
            "psc": 14000,
            "textovaAdresa": f"{street} 778/3a, Michle, 14000 Praha 4",
        },
        "pravniForma": "112",
    }


class FakeRegister:
    """The HTTP server and what it holds; `mode`: "ok", "slow", "error" or "garbage"."""

    def __init__(self, delay: float = 2.0):
        self.spar: dict[str, dict] = {}
        self.ares: dict[str, dict] = {}
        self.mode = "ok"
        self.delay = delay
        self.requests = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def spar_url(self) -> str:
        return f"{self.url}/spar"

    @property
    def ares_url(self) -> str:
        return f"{self.url}/ares/ekonomicke-subjekty-v-be/rest"

    def start(self) -> FakeRegister:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeRegister:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def answer(self, path: str) -> tuple[int, bytes]:
        self.requests += 1
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "error":
            return 500, b'{"error": "internal"}'
        if self.mode == "garbage":
            return 200, b"<html>maintenance</html>"
        if path.startswith(SPAR_PREFIX):
            found = self.spar.get(path[len(SPAR_PREFIX) :])
        elif path.startswith(ARES_PREFIX):
            found = self.ares.get(path[len(ARES_PREFIX) :])
        else:
            found = None
        if found is None:
            return 404, json.dumps({"kod": "NENALEZENO", "popis": "not found"}).encode()
        return 200, json.dumps(found).encode()


def _handler(fake: FakeRegister):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = fake.answer(self.path)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): nothing to answer

        def log_message(self, *_args):
            pass

    return Handler
