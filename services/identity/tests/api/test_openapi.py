"""Every operation declares its permission and has a summary; identity's permissions are known."""

from identity.use_cases import catalogue

METHODS = {"get", "put", "post", "patch", "delete"}


def test_every_operation_declares_a_permission_and_a_summary(client):
    document = client.get("/openapi.json").json
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                assert op.get("x-permission"), f"{method} {path}"
                assert op.get("summary"), f"{method} {path}"


def test_identity_permissions_all_have_a_written_description(client):
    declared = catalogue.declared_in(client.get("/openapi.json").json, "identity")
    shipped = catalogue.shipped()
    assert set(declared) <= set(shipped)


def test_every_body_and_success_answer_has_an_example(client):
    document = client.get("/openapi.json").json
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                assert "example" in body, f"request of {method} {path}"
            for code, answer in op["responses"].items():
                content = answer.get("content", {}).get("application/json")
                if code.startswith("2") and content is not None:
                    assert "example" in content, f"{code} of {method} {path}"
