"""What the CRM accepts from publishers outside Foyer: their contract, declared here because
no Foyer service publishes it (docs/crm.md → Trial bookings, docs/events.md).

Foyer has no bookings service. A booking system tells the CRM about a trial booking by
publishing `booking.trial_booked` to the `foyer.events` exchange in Foyer's envelope
(`source` its own name). `make contracts` writes its schema to contracts/ with
`x-publishers: ["booking"]`; crm/events.py imports it so the generator finds it.
"""

from marshmallow import Schema, fields, validate

from foyer_shared.contracts import Declarations

bookings = Declarations("booking")


class TrialBooked(Schema):
    """A person was booked on a trial: an activity at a time. The CRM makes them a prospect
    (unless a customer), adds the chosen tag and writes the chosen history type (settings)."""

    booking_id = fields.String(required=True, metadata={"description": "unique per booking"})
    person_id = fields.String(required=True, metadata={"description": "the registry's person"})
    activity = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_at = fields.DateTime(required=True)


TRIAL_BOOKED = bookings.event("booking.trial_booked", 1, TrialBooked)
