"""ETags from flask-smorest, made of a row's version (persons carry one: docs/registry.md)."""

from __future__ import annotations

from flask import request
from flask_smorest import abort

from foyer_shared.blueprint import Blueprint


class VersionedBlueprint(Blueprint):
    """flask-smorest's ETag support (`@blp.etag`, `blp.set_etag(person.version)`) configured
    for ETags that are the version SQLAlchemy keeps in the row (version_id_col), not a hash of
    the response body as flask-smorest makes by default:

    - The version answers what If-Match asks ("is this still the person I read?"), and the use
      case compares it inside its own transaction (update_person's `expected_version`), where the
      version check at the flush also catches a writer in between. flask-smorest's `check_etag`
      compares in the view, before the use case runs, which would need a read of its own and
      leave that race open; so no method "needs" it, and If-Match stays optional (flask-smorest
      would otherwise answer 428 without it, and document If-Match as required).
    - No 304 for If-None-Match: the version covers the person's fields, not the groups, family
      and extra fields shown with them, which change without a new version.
    """

    METHODS_NEEDING_CHECK_ETAG: list[str] = []
    METHODS_CHECKING_NOT_MODIFIED: list[str] = []

    @staticmethod
    def _generate_etag(etag_data, extra_data=None):
        if isinstance(etag_data, int):  # set_etag(version): the version is the tag
            return str(etag_data)
        return Blueprint._generate_etag(etag_data, extra_data)


def if_match_version() -> int | None:
    """The version If-Match names (None when absent), for the use case to compare; 400 when it
    names no version."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    try:
        return int(raw.strip('W/"'))
    except ValueError:
        abort(400, message='If-Match must be the person\'s ETag, e.g. "3"')
