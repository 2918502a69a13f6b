"""A message's states, and how a delivery attempt's outcome moves it on."""

from __future__ import annotations

QUEUED = "queued"  # waiting for its (next) attempt
SENDING = "sending"  # claimed by a sender; `handed_at` set once the content went over the wire
SENT = "sent"  # the server or provider accepted it
DELIVERED = "delivered"  # the provider confirmed delivery (SMS callbacks)
BOUNCED = "bounced"  # the address was refused for good; the address is suppressed from now on
FAILED = "failed"  # given up: a permanent refusal of the content, or attempts used up
SUPPRESSED = "suppressed"  # never sent: no usable address, a flagged address, or opted out
STATES = (QUEUED, SENDING, SENT, DELIVERED, BOUNCED, FAILED, SUPPRESSED)

EMAIL, SMS = "email", "sms"
CHANNELS = (EMAIL, SMS)

# An attempt's outcome, as a sender reports it.
OK, TRANSIENT, PERMANENT, BOUNCE = "ok", "transient", "permanent", "bounce"
