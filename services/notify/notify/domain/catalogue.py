"""The message types notify sends, the placeholders each provides, and the languages it knows.

A template may use only its type's placeholders (saving one that uses another is refused);
the samples fill a preview and the check that a template renders at all.
"""

from __future__ import annotations

LANGUAGES = ("sv", "da", "cs", "en")
FALLBACK_LANGUAGE = "en"
PARTS = ("subject", "text", "html", "sms")

_PERSON = {"first_name": "Åsa", "last_name": "Berg", "email": "asa@example.se", "phone": None}
_LINK = "https://foyer.example/activate?token=…"

SAMPLES: dict[str, dict] = {
    "account_activation": {
        "person": _PERSON,
        "username": "asa.berg",
        "link": _LINK,
        "expires_at": "2026-12-02 08:00",
    },
    "password_reset": {
        "person": _PERSON,
        "username": "asa.berg",
        "link": "https://foyer.example/reset-password?token=…",
        "expires_at": "2026-12-01 09:00",
    },
    # identity.user.email_change_requested: to the NEW address, which the link confirms.
    "email_change": {
        "person": _PERSON,
        "username": "asa.berg",
        "new_email": "asa.ny@example.se",
        "link": "https://foyer.example/confirm-email?token=…",
        "expires_at": "2026-12-02 08:00",
    },
    "import_finished": {
        "person": _PERSON,
        "job_id": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e",
        "kind": "customers",
        "succeeded": True,
        "reason": None,
        "counts": {"rows": 120, "created": 100, "updated": 15, "unchanged": 3, "errors": 2},
        "error_file_link": "https://foyer.example/api/imports/jobs/6f1c…/errors.csv",
    },
    "task_reminder": {
        "person": _PERSON,
        "tasks": [
            {
                "title": "Ring om förnyelse",
                "due_at": "2026-12-01 10:00",
                "contact_name": "Kim Ek",
                "link": "https://foyer.example/crm/tasks/1",
            }
        ],
    },
    "staff_message": {
        "person": _PERSON,
        "subject": "Nya öppettider",
        "body": "Från måndag öppnar vi klockan sex.",
        "sender_name": "Receptionen",
    },
    # A CRM mail-out naming the template "mailout" instead of a free text (notify.send_email).
    "mailout": {"person": _PERSON, "sender_name": "Receptionen"},
}
MESSAGE_TYPES = tuple(SAMPLES)
# Account mail goes to the account's address whatever the reminder preferences say; the others
# are mail-outs (List-Unsubscribe) and reminders follow the person's preferred channel.
ACCOUNT_TYPES = ("account_activation", "password_reset", "email_change", "import_finished")


def placeholders(kind: str) -> frozenset[str]:
    return frozenset(SAMPLES[kind])


def language_for(wanted: str | None) -> str:
    """The person's language ("sv-FI" → sv) when notify has templates in it, else English."""
    base = (wanted or "").split("-", 1)[0].split("_", 1)[0].lower()
    return base if base in LANGUAGES else FALLBACK_LANGUAGE
