"""One HTTP GET to a register, its failures turned into the port's errors (domain/lookups.py)."""

from __future__ import annotations

import logging

import requests

from registry.domain.lookups import NotInRegister, RegisterError, RegisterTimedOut

log = logging.getLogger(__name__)


def get_json(register: str, session: requests.Session, url: str, timeout: float) -> dict:
    """The JSON object the register answers; 404 is NotInRegister, a timeout RegisterTimedOut,
    anything else that is not a 200 with a JSON object RegisterError."""
    try:
        response = session.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.Timeout as exc:
        raise RegisterTimedOut(register, f"{register} did not answer within {timeout:g} s") from exc
    except requests.RequestException as exc:
        log.warning("register %s unreachable: %s", register, exc)
        raise RegisterError(register, f"{register} could not be reached") from exc
    if response.status_code == 404:
        raise NotInRegister(register, f"not found in {register}")
    if response.status_code != 200:
        log.warning(
            "register %s answered %s: %.200s", register, response.status_code, response.text
        )
        raise RegisterError(register, f"{register} answered {response.status_code}")
    try:
        body = response.json()
    except ValueError as exc:
        raise RegisterError(register, f"{register} answered something other than JSON") from exc
    if not isinstance(body, dict):
        raise RegisterError(register, f"{register} answered an unexpected shape")
    return body
