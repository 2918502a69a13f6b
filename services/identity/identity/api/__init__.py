"""HTTP entry points of identity: one blueprint per resource."""


def blueprints() -> list:
    from identity.api import (
        audit,
        auth,
        email,
        impersonation,
        internal,
        passwords,
        roles,
        sessions,
        users,
    )

    return [
        auth.blp,
        auth.keys_blp,
        passwords.blp,
        email.blp,
        users.blp,
        roles.blp,
        sessions.blp,
        impersonation.blp,
        audit.blp,
        internal.blp,
    ]
