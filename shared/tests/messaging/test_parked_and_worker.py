"""The operator's parked-message tool, and the worker runner that supervises loops."""

from __future__ import annotations

import gc
import os
import signal
import threading

import pika
from messaging_support import tables, unique

from foyer_shared.gc_tuning import GC_YOUNG_THRESHOLD
from foyer_shared.messaging import Consumer, connect, parked, run_worker, worker
from foyer_testing import wait_until


def _declared_consumer(db, amqp_url) -> Consumer:
    consumer = Consumer(db, tables, amqp_url, unique("tests.parked"), [], {})
    connection = connect(amqp_url)
    consumer.declare(connection.channel())
    connection.close()
    return consumer


def _park(amqp_url, queue, message_id, attempts=5):
    connection = connect(amqp_url)
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(
        "",
        f"{queue}.parked",
        b'{"x": 1}',
        properties=pika.BasicProperties(
            delivery_mode=2,
            message_id=message_id,
            type="tests.thing.happened",
            headers={"x-foyer-attempts": attempts, "x-foyer-error": "RuntimeError: boom"},
        ),
    )
    connection.close()


def _depth(amqp_url, queue) -> int:
    connection = connect(amqp_url)
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def test_list_then_replay_moves_messages_back(db, amqp_url, capsys):
    queue = _declared_consumer(db, amqp_url).queue
    _park(amqp_url, queue, "m-1")
    _park(amqp_url, queue, "m-2")

    parked.main(["list", queue, "--amqp-url", amqp_url])
    printed = capsys.readouterr().out
    assert "m-1" in printed and "m-2" in printed and "RuntimeError: boom" in printed
    wait_until(lambda: _depth(amqp_url, f"{queue}.parked") == 2)  # listing removed nothing

    assert parked.replay_parked(amqp_url, queue) == 2
    assert _depth(amqp_url, f"{queue}.parked") == 0
    connection = connect(amqp_url)
    channel = connection.channel()
    replayed = [channel.basic_get(queue, auto_ack=True) for _ in range(2)]
    connection.close()
    assert [p.message_id for _, p, _ in replayed] == ["m-1", "m-2"]
    assert all("x-foyer-attempts" not in (p.headers or {}) for _, p, _ in replayed)
    assert all(body == b'{"x": 1}' for _, _, body in replayed)


def test_purge_empties_the_parked_queue(db, amqp_url, capsys):
    queue = _declared_consumer(db, amqp_url).queue
    _park(amqp_url, queue, "m-3")
    parked.main(["purge", queue, "--amqp-url", amqp_url])
    assert "purged 1" in capsys.readouterr().out
    assert _depth(amqp_url, f"{queue}.parked") == 0


def test_worker_restarts_a_crashed_loop_and_stops_on_request(monkeypatch):
    monkeypatch.setattr(worker, "RESTART_DELAY_SECONDS", 0.01)
    runs: list[str] = []
    stop = threading.Event()

    def flaky(stop_event):
        runs.append("flaky")
        if len(runs) < 3:
            raise RuntimeError("bug")
        stop_event.wait()

    def steady(stop_event):
        stop_event.wait()

    runner = threading.Thread(target=run_worker, args=([flaky, steady], "tests", stop))
    runner.start()
    wait_until(lambda: len(runs) == 3, message="crashed loop not restarted")
    stop.set()
    runner.join(timeout=5)
    assert not runner.is_alive()


def test_worker_stops_on_sigterm_and_restores_handlers():
    stopped = threading.Event()

    def loop(stop_event):
        stop_event.wait()
        stopped.set()

    before = signal.getsignal(signal.SIGTERM)
    thresholds = gc.get_threshold()
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()
    try:
        run_worker([loop], "tests")  # in the main thread, so it installs its handlers
        # ...and, as a worker process, has the cyclic collector pass over row dicts rarely.
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD > thresholds[0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    assert stopped.is_set()  # the loop saw the stop and was joined
    assert signal.getsignal(signal.SIGTERM) is before
