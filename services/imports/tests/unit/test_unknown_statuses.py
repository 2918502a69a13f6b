"""Unknown status values (issue 23 §11): mapped in the rows, listed once on the job."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from imports.api.schemas import JobOut
from imports.domain.rows.factory import make_processor
from imports.use_cases.finishing import add_unknown_statuses

HEADER = ["Förnamn", "Efternamn", "Kundstatus"]
COLUMNS = {"Förnamn": "first_name", "Efternamn": "last_name", "Kundstatus": "status"}


def test_a_status_value_is_sent_as_the_existing_status_it_is_mapped_to():
    rows = make_processor(
        "customers",
        HEADER,
        COLUMNS,
        {"status_values": {"Guldkund": "VIP"}},
        today=datetime.date(2026, 1, 1),
    )
    assert rows.process(2, ["A", "B", "guldkund"]).fields["status"] == "VIP"
    assert rows.process(3, ["A", "C", "Brons"]).fields["status"] == "Brons"  # not mapped


def test_the_dry_runs_unknown_statuses_are_summed_over_batches_and_listed_once():
    job = SimpleNamespace(counts={"dry_run": {"rows": 5}}, phase="dry_run")
    add_unknown_statuses(job, {"Guld": 3, "Brons": 1})
    add_unknown_statuses(job, {"guld": 2})
    assert job.counts["unknown_statuses"] == {"Guld": 5, "Brons": 1}
    dumped = JobOut(only=("counts", "unknown_statuses")).dump(job)
    assert dumped["counts"] == {"dry_run": {"rows": 5}}
    assert dumped["unknown_statuses"] == [
        {"value": "Guld", "rows": 5, "choices": ["create", "map"]},
        {"value": "Brons", "rows": 1, "choices": ["create", "map"]},
    ]
