"""Notify: e-mails from the API request to an SMTP server, against a bare smtplib loop.

`python bench/notify_send.py [--messages 10000] [--senders 1]` (or `make bench`, via
bench/run.py): a fresh database migrated like production with the persons notify knows, the
SMTP sink of `make up` (`python -m notify sinks`, each mail an .eml file) in its own process,
and `python -m notify sender` processes started and idle (each FOYER_EMAIL_SENDERS e-mail
senders of FOYER_SMTP_CONNECTIONS connections, 2 x 2 by default, in rounds). The clock runs
from the first POST /messages (the Flask app, access context verified; 5,000 persons a
request) until the last mail is a file at the sink. The reference: one smtplib connection
sending mails of the same size to the same sink, one after another, as fast as it can. Three
rounds, each the reference then notify. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_apps import service_app  # noqa: E402
from report import record  # noqa: E402

from foyer_shared.db import new_id  # noqa: E402

PER_REQUEST = 5_000  # the most person ids POST /messages takes
BODY = "Hej!\n\nNästa vecka har vi öppet som vanligt. Välkommen!\n\nReceptionen"


def _count(folder: Path) -> int:
    try:
        return sum(1 for _ in os.scandir(folder))
    except FileNotFoundError:
        return 0


def _wait_for(folder: Path, count: int, timeout: float) -> float:
    """When the folder holds `count` files. Listing a folder of 20,000 files takes
    milliseconds of CPU, which a poll every 10 ms took from the processes measured (half a
    core on a 2-core machine): poll at most every 50 ms, less often while far from done."""
    deadline = time.monotonic() + timeout
    while (found := _count(folder)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {found} of {count} mails in {timeout:.0f} s")
        time.sleep(0.05 if count - found < 2_000 else 0.5)
    return time.perf_counter()


def _start(argv: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", *argv], env={**os.environ, **env}, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def _sink(folder: Path) -> tuple[subprocess.Popen, int]:
    from notify.sinks.mail import free_port

    port = free_port()
    env = {
        "FOYER_SINK_FOLDER": str(folder),
        "FOYER_SMTP_PORT": str(port),
        "FOYER_SMS_URL": f"http://127.0.0.1:{free_port()}/sms",
        "LOG_LEVEL": "WARNING",
    }
    process = _start(["notify", "sinks"], env)
    deadline = time.monotonic() + 30
    while True:
        try:
            smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
            return process, port
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _persons(database, count: int) -> list[str]:
    from sqlalchemy import insert

    from notify.models import Contact

    ids = [new_id() for _ in range(count)]
    rows = [
        {"person_id": p, "first_name": "Åsa", "last_name": f"B{n}", "email": f"p{n}@example.se"}
        for n, p in enumerate(ids)
    ]
    with database.transaction() as session:
        session.execute(insert(Contact), rows)
    return ids


def bench_notify(messages: int, senders: int, folder: Path, port: int) -> dict:
    from foyer_testing import context_headers

    processes = []
    with service_app("notify") as (app, url, private):
        try:
            ids = _persons(app.extensions["foyer_db"], messages)
            env = {
                "DATABASE_URL": url,
                "FOYER_SMTP_PORT": str(port),
                "LOG_LEVEL": "WARNING",
            }
            processes = [_start(["notify", "sender"], env) for _ in range(senders)]
            time.sleep(3)  # the senders start (imports, first connection); not part of the figure
            client = app.test_client()
            before = _count(folder)
            started = time.perf_counter()
            for first in range(0, messages, PER_REQUEST):
                headers = context_headers(
                    private,
                    service="notify",
                    method="POST",
                    path="/messages",
                    permissions=["notify.messages.send"],
                )
                body = {"person_ids": ids[first : first + PER_REQUEST], "subject": "Öppettider"}
                response = client.post("/messages", json={**body, "body": BODY}, headers=headers)
                assert response.status_code == 202, response.json
            queued = time.perf_counter()
            finished = _wait_for(folder, before + messages, timeout=600)
            return {
                "seconds": finished - started,
                "queue_seconds": queued - started,
                "per_s": messages / (finished - started),
            }
        finally:
            for process in processes:
                _stop(process)


def bench_smtplib(messages: int, folder: Path, port: int) -> dict:
    """The reference: one connection, one mail after another, the same size as notify's."""
    from notify.domain import email

    content = email.build(
        row_id=new_id(),
        sender="Foyer <no-reply@foyer.local>",
        to="p0@example.se",
        subject="Öppettider",
        text=BODY,
        html=None,
        domain="foyer.local",
        unsubscribe="mailto:unsubscribe@foyer.local",
    )
    before = _count(folder)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n in range(messages):
            smtp.sendmail("no-reply@foyer.local", [f"p{n}@example.se"], content)
    finished = _wait_for(folder, before + messages, timeout=600)
    return {"seconds": finished - started, "per_s": messages / (finished - started)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--senders", type=int, default=2)  # one per core here
    # The machine is shared: one pair of runs says more about the neighbours than about us.
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp())
    sink, port = _sink(base)
    pairs = []
    try:
        for number in range(1, args.rounds + 1):
            bare = bench_smtplib(args.messages, base / "mail", port)
            ours = bench_notify(args.messages, args.senders, base / "mail", port)
            print(
                f"round {number}: smtplib loop {bare['per_s']:,.0f} mails/s, "
                f"notify {ours['per_s']:,.0f} mails/s",
                flush=True,
            )
            pairs.append((bare, ours))
    finally:
        _stop(sink)
    _report(args, pairs)


def _connections() -> int:
    from notify.settings import Settings

    return Settings.from_env().smtp_connections


def _senders() -> int:
    from notify.settings import Settings

    return Settings.from_env().email_senders


def _batch() -> int:
    from notify.settings import Settings

    return Settings.from_env().send_batch_size


def _report(args, pairs: list[tuple[dict, dict]]) -> None:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = "{:.1f} / {:.1f}".format(*os.getloadavg()[:2])
    ratios = [ours["per_s"] / bare["per_s"] for bare, ours in pairs]

    def row(what: str, values: list[float], form: str) -> str:
        cells = [form.format(v) for v in [*values, statistics.median(values)]]
        return f"| {what} | " + " | ".join(cells) + " |"

    lines = [
        f"\n## Notify: e-mail from API request to the SMTP server — {stamp} — {machine}\n",
        f"{args.messages:,} e-mails: POST /messages (Flask app, {PER_REQUEST:,} persons a "
        f"request) → queue → {args.senders} `python -m notify sender` process(es), each with "
        f"{_senders()} e-mail senders of {_connections()} SMTP connections in rounds (one "
        f"hand-over commit a round) and claims of {_batch()} → the "
        "SMTP sink of `make up` (aiosmtpd, an .eml file per mail) in its own process. The "
        "reference sends mails of the same size to the same sink over one smtplib connection. "
        f"{len(pairs)} rounds, each the reference then notify; the ratio is each round's own. "
        f"Load average {load} (1 / 5 min) at the end of the run (a machine shared with "
        "other engineers' test runs).",
        "Goal: at least 0.5× the reference and 500 mails/s.\n",
        "| what | " + " | ".join(f"round {n}" for n in range(1, len(pairs) + 1)) + " | median |",
        "|------|" + "------|" * (len(pairs) + 1),
        row("notify, request to sink (mails/s)", [o["per_s"] for _, o in pairs], "{:,.0f}"),
        row(
            f"of which queueing, {-(-args.messages // PER_REQUEST)} requests (s)",
            [o["queue_seconds"] for _, o in pairs],
            "{:.1f}",
        ),
        row(
            "bare smtplib loop, one connection (mails/s)", [b["per_s"] for b, _ in pairs], "{:,.0f}"
        ),
        row("ratio notify / smtplib", ratios, "{:.2f}"),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    record(text)


if __name__ == "__main__":
    main()
