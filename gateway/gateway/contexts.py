"""The gateway's context signer: shared's ContextSigner, without `sub` when there is no user."""

from __future__ import annotations

import jwt

from foyer_shared.access import CONTEXT_ALGORITHM, ContextSigner


class GatewaySigner(ContextSigner):
    """Signs like ContextSigner; user-less contexts (public routes, internal calls) omit `sub`.

    Why: ContextSigner writes `"sub": null`, and PyJWT >= 2.10 rejects a non-string subject, so
    ContextVerifier refuses every context without a user. Drop this once shared omits `sub`.
    """

    def sign(self, *, user_id: str | None = None, **fields) -> str:
        token = super().sign(user_id=user_id, **fields)
        if user_id is not None:
            return token
        claims = jwt.decode(token, options={"verify_signature": False})
        claims.pop("sub", None)
        return jwt.encode(claims, self._key, algorithm=CONTEXT_ALGORITHM)
