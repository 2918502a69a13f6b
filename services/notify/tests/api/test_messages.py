"""Messages and the ops endpoints through the Flask client on PostgreSQL and RabbitMQ."""

from __future__ import annotations

from foyer_testing.service_api import OpsAndListChecks
from notify.models import Message

READ = "notify.messages.read"


class TestMessagesOpsAndAccess(OpsAndListChecks):
    """/health, /ready, and /messages's 401, 403, paging and OpenAPI (foyer_testing.service_api)."""

    path = "/messages"
    read = READ
    shown = {"subject": "Välkommen!", "state": "queued"}

    def make_row(self):
        return Message(channel="email", to_address="asa@example.se", subject="Välkommen!")
