"""Access-context headers as the gateway sends them, for calling one service's API in its tests."""

from __future__ import annotations

from pathlib import Path

from foyer_shared.access import CONTEXT_HEADER, ContextSigner
from foyer_shared.db import new_id


def context_headers(
    private_key_file,
    *,
    service: str,
    method: str,
    path: str,
    permissions=(),
    user_id: str | None = "test-user",
    scopes: dict | None = None,
    caller_service: str | None = None,
    client_address: str | None = None,
) -> dict[str, str]:
    """Headers as the gateway would send them: a signed context for `method path` and its
    request id."""
    signer = ContextSigner(Path(private_key_file).read_text(encoding="utf-8"))
    rid = new_id()
    token = signer.sign(
        audience=service,
        method=method,
        path=path.split("?", 1)[0],
        request_id=rid,
        user_id=user_id,
        permissions=permissions,
        scopes=scopes,
        caller_service=caller_service,
        client_address=client_address,
    )
    return {CONTEXT_HEADER: token, "X-Request-ID": rid}
