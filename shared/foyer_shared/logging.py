"""JSON logging with the request id (or message correlation id) on every line."""

from __future__ import annotations

import contextvars
import logging
import sys

from pythonjsonlogger.json import JsonFormatter

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)


class _BrokerAwayIsAWarning(logging.Filter):
    """pika logs a lost or refused broker connection at ERROR, several lines each time. Our
    consumers and relays reconnect by themselves and say so at WARNING (nothing is lost), so a
    RabbitMQ restart should not page an operator: pika's ERRORs become WARNINGs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("pika") and record.levelno == logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class _RequestIdFilter(logging.Filter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.service = self.service
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    """Replace the root handlers with one JSON handler on stderr; safe to call twice."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RequestIdFilter(service))
    handler.addFilter(_BrokerAwayIsAWarning())
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # gunicorn's loggers keep handlers of their own (plain text); give them ours.
    for name in ("gunicorn.error", "gunicorn.access"):
        gunicorn_logger = logging.getLogger(name)
        if gunicorn_logger.handlers:
            gunicorn_logger.handlers[:] = [handler]
    # pika is chatty at INFO about every connection; its warnings still show.
    logging.getLogger("pika").setLevel(logging.WARNING)
