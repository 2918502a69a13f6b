"""GET /fields: imports' own field catalogue, as the console's import wizard reads it."""

from __future__ import annotations

from imports.domain import fields

READ = "imports.jobs.read"


def test_the_catalogue_is_imports_own(client, as_staff):
    response = client.get("/fields", headers=as_staff("GET", "/fields", READ))
    assert response.status_code == 200, response.json
    assert response.json["kinds"] == {kind: list(names) for kind, names in fields.KINDS.items()}
    assert response.json["required"]["groups"] == ["name"]
    assert response.json["modes"] == list(fields.MODES)
    assert response.json["match_on"] == list(fields.MATCH_ON)
    assert response.json["options"] == list(fields.OPTIONS)
    # The console's tick boxes: the yes/no options (the two about unknown statuses carry values).
    assert set(response.json["options"]) - set(response.json["yes_no_options"]) == {
        "create_statuses",
        "status_values",
    }


def test_the_catalogue_needs_the_permission_to_read_imports(client, as_staff):
    assert client.get("/fields").status_code == 401
    response = client.get("/fields", headers=as_staff("GET", "/fields", "crm.contacts.read"))
    assert response.status_code == 403
    assert READ in response.json["message"]


def test_openapi_declares_the_permission_and_an_example(client):
    spec = client.get("/openapi.json").json
    operation = spec["paths"]["/fields"]["get"]
    assert operation["x-permission"] == READ
    name = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    shape = spec["components"]["schemas"][name.rsplit("/", 1)[1]]["properties"]
    assert shape["kinds"]["example"] == {"groups": ["name", "description", "external_number"]}
    assert shape["yes_no_options"]["example"] == list(fields.YES_NO_OPTIONS)
