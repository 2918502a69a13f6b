"""What imports publishes and sends (its public contract, docs/events.md) and what it consumes."""

from __future__ import annotations

from foyer_shared.messaging import Outbox
from imports.models import messaging

outbox = Outbox(messaging, source="imports")

# Commands imports sends.
IMPORT_BATCH = "registry.import_batch"
IMPORT_UNDO = "registry.import_undo"
# Events imports publishes.
JOB_COMPLETED = "imports.job.completed"
JOB_FAILED = "imports.job.failed"
PERSONAL_DATA_EXPORTED = "imports.personal_data.exported"
# What it consumes.
BATCH_PROCESSED = "registry.import_batch.processed"
UNDO_PROCESSED = "registry.import_undo.processed"
UNDO_PROGRESS = "registry.import_undo.progress"
EXPORT_PERSONAL_DATA = "imports.export_personal_data"
