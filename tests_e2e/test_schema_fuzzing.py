"""Schema fuzzing: schemathesis over the gateway's merged OpenAPI, every operation, as the owner
and as a member, against a stack of its own (so the fuzzer's deletions, deactivations and role
edits cannot disturb the other end-to-end tests).

Held: no 5xx, every response matches its documented schema, every error is in the one shape
{code, status, message, errors?, request_id}. FOYER_FUZZ_EXAMPLES sets the examples per
operation and generation mode (default 5, within `make test`'s budget; `make fuzz` runs 100).
"""

from __future__ import annotations

import os
import uuid

import pytest
import requests
import schemathesis
from e2e_accounts import bearer, make_account, make_person
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FOYER_FUZZ_EXAMPLES", "5"))

# A group of its own: on the other xdist worker it runs beside the e2e group, not after it.
pytestmark = [pytest.mark.xdist_group("fuzz"), pytest.mark.timeout(600 + 60 * EXAMPLES)]
OWNER_PASSWORD = "fuzz-Owner-passphrase-1"
MEMBER_PASSWORD = "fuzz-Member-passphrase-1"
ERROR_KEYS = {"code", "status", "message", "request_id"}


@pytest.fixture(scope="module")
def fuzz_stack(start_stack, run_id):
    from foyer_testing import create_vhost, delete_vhost

    vhost = f"foyer_fuzz_{run_id}"
    amqp_url = create_vhost(vhost)
    try:
        with start_stack(
            amqp_url,
            "fuzz",
            FOYER_OWNER_EMAIL="owner@fuzz.test",
            FOYER_OWNER_PASSWORD=OWNER_PASSWORD,
            # Every request comes from 127.0.0.1 and the fuzzer logs in with made-up names.
            FOYER_RATE_LIMIT_LOGIN_PER_ADDRESS="100000/minute",
            FOYER_RATE_LIMIT_PER_ACCOUNT="100000/minute",
            # A long `make fuzz` outlasts the default 15 minutes of one access token.
            FOYER_ACCESS_TOKEN_MINUTES="600",
        ) as stack:
            yield stack
    finally:
        delete_vhost(vhost)


def _member(gateway: str, owner: dict[str, str]) -> dict[str, str]:
    """A person with a login account holding only the built-in member role."""
    person = make_person(gateway, owner, first_name="Mia", last_name="Fuzz")
    account = make_account(gateway, owner, MEMBER_PASSWORD, ["member"], person["id"])
    return bearer(gateway, account["username"], MEMBER_PASSWORD)


@pytest.fixture(scope="module")
def callers(fuzz_stack) -> dict[str, dict[str, str]]:
    gateway = fuzz_stack.gateway_url
    owner = bearer(gateway, "owner", OWNER_PASSWORD)
    return {"member": _member(gateway, owner), "owner": owner}


@pytest.fixture(scope="module")
def merged_schema(fuzz_stack):
    gateway = fuzz_stack.gateway_url
    document = requests.get(f"{gateway}/api/openapi.json", timeout=10).json()
    config = schemathesis.Config.from_dict(
        {
            "base-url": gateway,
            "generation": {"mode": "all", "max-examples": EXAMPLES},
            "request-timeout": 30,
        }
    )
    return schemathesis.openapi.from_dict(document, config=config)


@schemathesis.check
def one_error_shape(ctx, response, case) -> bool | None:
    """Every 4xx/5xx is {code, status, message, errors?, request_id}, code equal to the status."""
    if response.status_code < 400:
        return None
    body = response.json()
    assert isinstance(body, dict), f"error body is not an object: {response.text[:200]}"
    missing = ERROR_KEYS - set(body)
    assert not missing, f"error body lacks {sorted(missing)}: {response.text[:200]}"
    extra = set(body) - ERROR_KEYS - {"errors"}
    assert not extra, f"error body has unknown keys {sorted(extra)}"
    assert body["code"] == response.status_code, f"code {body['code']} on a {response.status_code}"
    assert isinstance(body["request_id"], str) and body["request_id"]
    return True


CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    one_error_shape,
]


# No shrinking: a failure is reported as found (with its curl line), which keeps the run short.
_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _fuzz(operation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to make invalid: an operation without parameters or body


def _fuzz_everything(schema, headers: dict[str, str]) -> None:
    """Every operation, valid and invalid input; all failures reported together."""
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, headers)
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - all reported
                failures.append(f"{operation.label} ({mode.value}):\n{failure}")
    assert operations > 90, f"only {operations} operations in the merged document"
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)


# The member first: the owner's run may deactivate or delete accounts it happens to hit.
def test_every_operation_as_a_member(merged_schema, callers):
    _fuzz_everything(merged_schema, callers["member"])


def test_every_operation_as_the_owner(merged_schema, callers):
    _fuzz_everything(merged_schema, callers["owner"])


# Hostile inputs the random examples reach only by luck; each was a 5xx (issue 17, findings 1, 5
# and 7). Every one must be refused (or served) in the one error shape, never a 5xx.
HUGE = "9223372036854775807"
NAIVE_DATE_TIME = "2026-01-01T00:00:00"
# As JSON text: escapes that decode to an unpaired surrogate, and to NUL and a control character.
BAD_TEXT = {"lone surrogate": "\\ud800", "NUL": "a\\u0000b\\u0007"}
DEEP_BODY = b"[" * 100_000 + b"]" * 100_000


def _operations(document: dict):
    for template, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                path = template
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "path":
                        path = path.replace("{" + parameter["name"] + "}", str(uuid.uuid4()))
                yield method.upper(), template, path, operation


def _hostile_requests(document: dict):
    """(label, method, path, query, body) for every operation that takes the input."""
    for method, template, path, operation in _operations(document):
        query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        for parameter in query:  # one at a time: a huge page_size alone is a plain 422
            if parameter["schema"].get("type") == "integer":
                huge = {parameter["name"]: HUGE}
                yield f"{method} {template} huge {parameter['name']}", method, path, huge, None
            if parameter["schema"].get("format") == "date-time":
                naive = {parameter["name"]: NAIVE_DATE_TIME}
                yield f"{method} {template} naive {parameter['name']}", method, path, naive, None
        json_body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if json_body:
            strings = _string_properties(document, json_body["schema"])
            for what, text in BAD_TEXT.items():
                body = "{" + ", ".join(f'"{name}": "{text}"' for name in strings) + "}"
                yield f"{method} {template} {what}", method, path, {}, body.encode()
            yield f"{method} {template} deep nesting", method, path, {}, DEEP_BODY


def _string_properties(document: dict, schema: dict) -> list[str]:
    """The body's free-text properties (no format or enum): where bad text gets through."""
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return [
        name
        for name, prop in schema.get("properties", {}).items()
        if prop.get("type") == "string" and "format" not in prop and "enum" not in prop
    ]


def _shape_problem(response: requests.Response) -> str | None:
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:300]}"
    if response.status_code >= 400:
        try:
            body = response.json()
        except ValueError:
            return f"{response.status_code} not JSON: {response.text[:200]}"
        if not ERROR_KEYS <= set(body) or set(body) - ERROR_KEYS - {"errors"}:
            return f"{response.status_code} not in the error shape: {response.text[:300]}"
    return None


def test_hostile_inputs_are_refused_in_the_error_shape(fuzz_stack, callers):
    gateway, owner = fuzz_stack.gateway_url, callers["owner"]
    document = requests.get(f"{gateway}/api/openapi.json", timeout=10).json()
    failures = []
    for label, method, path, query, body in _hostile_requests(document):
        headers = {**owner, **({"Content-Type": "application/json"} if body else {})}
        response = requests.request(
            method, gateway + path, params=query, data=body, headers=headers, timeout=60
        )
        problem = _shape_problem(response)
        if problem:
            failures.append(f"{label}: {method} {path} {query or ''} -> {problem}")
    assert not failures, f"{len(failures)} hostile requests failed:\n" + "\n".join(failures)


def test_oversized_upload_is_413_naming_the_limit(fuzz_stack, callers):
    """51 MiB to an imports upload, with a Content-Length and chunked: 413 (not a 503)."""
    head = b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
    head += b"Content-Type: text/csv\r\n\r\n"
    chunk = b"a;b\n" * (1 << 18)  # 1 MiB
    whole = head + chunk * 51 + b"\r\n--x--\r\n"

    def chunked():
        yield from (whole[i : i + (1 << 20)] for i in range(0, len(whole), 1 << 20))

    for body in (whole, chunked()):
        response = requests.post(
            f"{fuzz_stack.gateway_url}/api/imports/jobs",
            data=body,
            headers={**callers["owner"], "Content-Type": "multipart/form-data; boundary=x"},
            timeout=120,
        )
        assert response.status_code == 413, response.text[:300]
        assert _shape_problem(response) is None, response.text[:300]


def test_streamed_responses_give_back_their_slots(fuzz_stack, callers):
    """Lists over 64 KiB are streamed by the gateway; more of them than a route has slots, and
    the route still answers (a leaked slot made it 503 "busy" for everyone)."""
    gateway, owner = fuzz_stack.gateway_url, callers["owner"]
    for n in range(8):
        made = requests.post(
            f"{gateway}/api/registry/persons",
            json={"first_name": "Stor", "last_name": f"Lista{n}", "note": "x" * 10_000},
            headers=owner,
            timeout=10,
        )
        assert made.status_code == 201, made.text
    statuses = []
    for _ in range(60):  # more than max_in_flight (14) times the gateway's worker processes
        listed = requests.get(
            f"{gateway}/api/registry/persons", params={"page_size": 100}, headers=owner, timeout=30
        )
        statuses.append(listed.status_code)
        if listed.status_code == 200:
            assert len(listed.content) > 64 * 1024  # streamed, not buffered, by the gateway
    assert set(statuses) == {200}, statuses
