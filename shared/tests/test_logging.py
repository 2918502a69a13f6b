"""Log lines are JSON and carry the request id of the work they belong to."""

import json
import logging

from foyer_shared.logging import configure_logging, request_id_var


def test_every_line_is_json_with_the_request_id(capsys):
    configure_logging("registry", "INFO")
    token = request_id_var.set("req-42")
    try:
        logging.getLogger("foyer.test").info("person created", extra={"person_id": "p1"})
    finally:
        request_id_var.reset(token)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["request_id"] == "req-42"
    assert line["service"] == "registry"
    assert line["message"] == "person created"
    assert line["person_id"] == "p1"
    assert line["level"] == "INFO"


def test_a_broker_that_is_away_is_logged_as_a_warning_not_an_error(capsys):
    """pika logs a refused connection at ERROR in several lines; our consumers reconnect by
    themselves, so a RabbitMQ restart must not page anyone. Our own errors stay errors."""
    import pika
    import pytest

    configure_logging("registry", "INFO")
    with pytest.raises(pika.exceptions.AMQPConnectionError):
        pika.BlockingConnection(
            pika.ConnectionParameters("127.0.0.1", 1, connection_attempts=1, socket_timeout=2)
        )
    logging.getLogger("foyer.test").error("a real failure")
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    pika_levels = {line["level"] for line in lines if line["logger"].startswith("pika")}
    assert pika_levels == {"WARNING"}
    assert [line["level"] for line in lines if line["logger"] == "foyer.test"] == ["ERROR"]
