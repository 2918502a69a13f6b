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
