"""Look-ups in public registers through the API (issue 23 §1), against a fake register that is
an HTTP server (foyer_testing.fake_register): compare, take chosen fields, failures as
404/422/502/503/504 with the card untouched, the cache, the record, permissions and reach."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest
from registry_testing import pnr
from sqlalchemy import delete

from foyer_shared import contracts
from foyer_testing.fake_register import FakeRegister, ares_subject, spar_person
from registry import handlers
from registry.domain.lookups import RegisterAnswer
from registry.lookups import Registers
from registry.models import Person
from registry.permissions import LOOKUPS_USE, PERSONS_READ, PERSONS_WRITE

PNR = pnr("19811218", "987")
DIGITS = PNR.replace("-", "")
ICO = "27074358"


@pytest.fixture()
def fake():
    with FakeRegister(delay=1.0) as register:
        yield register


def use_registers(app, monkeypatch, settings, **overrides) -> Registers:
    configured = Registers.from_settings(dataclasses.replace(settings, **overrides))
    monkeypatch.setitem(app.extensions, "registry.registers", configured)
    return configured


@pytest.fixture()
def registers(app, fake, monkeypatch, settings):
    return use_registers(
        app,
        monkeypatch,
        settings,
        spar_url=fake.spar_url,
        ares_url=fake.ares_url,
        spar_timeout_seconds=0.3,
        ares_timeout_seconds=0.3,
    )


@pytest.fixture()
def asa(api, fake, registers):
    """A card that differs from SPAR in the first name and the address."""
    fake.spar[DIGITS] = spar_person(PNR, first_name="Åsa-Maria", postal_code="11122")
    return api.person(personnummer=PNR, address="Gamla vägen 2", postal_code="222 22", city="Lund")


def by_field(comparison: dict) -> dict:
    return {row["field"]: row for row in comparison["fields"]}


def test_compare_shows_card_and_register_field_by_field(api, asa):
    answer = api.post(f"/persons/{asa['id']}/lookup")
    assert answer.status_code == 200, answer.json
    rows = by_field(answer.json)
    assert answer.json["register"] == "spar" and answer.json["cached"] is False
    assert list(rows) == [
        "first_name",
        "last_name",
        "birth_date",
        "sex",
        "address",
        "postal_code",
        "city",
    ]
    assert rows["first_name"] == {
        "field": "first_name",
        "card": "Åsa",
        "register": "Åsa-Maria",
        "differs": True,
        "takeable": True,
    }
    assert rows["last_name"]["differs"] is False
    assert rows["birth_date"] == {
        "field": "birth_date",
        "card": "1981-12-18",
        "register": "1981-12-18",
        "differs": False,
        "takeable": False,
    }
    assert rows["sex"]["register"] == "female" and rows["sex"]["takeable"] is False
    assert rows["sex"]["differs"] is False  # the card has no such field: nothing to differ
    assert (rows["address"]["register"], rows["postal_code"]["register"]) == (
        "Storgatan 1",
        "111 22",
    )
    assert rows["city"]["register"] == "Stockholm"
    card = api.get(f"/persons/{asa['id']}").json
    assert card["address"] == "Gamla vägen 2" and card["version"] == asa["version"]


def test_apply_takes_only_the_chosen_fields_in_one_change(api, asa, outbox):
    taken = api.post(
        f"/persons/{asa['id']}/lookup/apply", {"fields": ["address", "postal_code", "city"]}
    )
    assert taken.status_code == 200, taken.json
    rows = by_field(taken.json)
    assert rows["address"]["differs"] is False and rows["first_name"]["differs"] is True
    card = api.get(f"/persons/{asa['id']}").json
    assert (card["first_name"], card["address"], card["postal_code"], card["city"]) == (
        "Åsa",
        "Storgatan 1",
        "111 22",
        "Stockholm",
    )
    updated = outbox("registry.person.updated")
    assert [u["changed"] for u in updated] == [
        {"address": "Storgatan 1", "postal_code": "111 22", "city": "Stockholm"}
    ]
    changes = api.get(f"/persons/{asa['id']}/changes").json
    assert {c["field"] for c in changes if c["changed_by"] == "u-staff"} >= {
        "address",
        "postal_code",
        "city",
    }
    assert not any(c["field"] == "first_name" and c["new"] == "Åsa-Maria" for c in changes)


def test_apply_refuses_fields_that_are_not_takeable(api, asa):
    for field in ("sex", "birth_date", "email"):
        refused = api.post(f"/persons/{asa['id']}/lookup/apply", {"fields": ["address", field]})
        assert refused.status_code == 422, field
        assert "fields" in refused.json["errors"]["json"], refused.json
    assert api.get(f"/persons/{asa['id']}").json["address"] == "Gamla vägen 2"


def test_a_value_the_card_refuses_leaves_the_card_untouched(api, asa, fake):
    fake.spar[DIGITS]["efternamn"] = "Lind\u0007ström"  # a control character: refused
    refused = api.post(f"/persons/{asa['id']}/lookup/apply", {"fields": ["address", "last_name"]})
    assert refused.status_code == 422 and "last_name" in refused.json["errors"]["json"]
    card = api.get(f"/persons/{asa['id']}").json
    assert (card["address"], card["version"]) == ("Gamla vägen 2", asa["version"])


@pytest.mark.parametrize(
    ("mode", "status", "outcome"),
    [("slow", 504, "timeout"), ("error", 502, "error"), ("garbage", 502, "error")],
)
def test_register_failures_are_502_or_504_and_the_card_is_untouched(
    api, asa, fake, mode, status, outcome
):
    fake.mode = mode
    for path, body in (("lookup", None), ("lookup/apply", {"fields": ["address"]})):
        failed = api.post(f"/persons/{asa['id']}/{path}", body)
        assert failed.status_code == status, failed.json
        assert "spar" in failed.json["message"]
    card = api.get(f"/persons/{asa['id']}").json
    assert (card["address"], card["version"]) == ("Gamla vägen 2", asa["version"])
    record = api.get(f"/persons/{asa['id']}/lookups").json
    assert [r["outcome"] for r in record] == [outcome, outcome]


def test_not_in_the_register_is_404_and_not_cached(api, registers, fake):
    person = api.person(personnummer=PNR)
    assert api.post(f"/persons/{person['id']}/lookup").status_code == 404
    fake.spar[DIGITS] = spar_person(PNR)  # registered in SPAR since
    assert api.post(f"/persons/{person['id']}/lookup").status_code == 200


def test_answers_are_cached_briefly(api, asa, fake):
    first = api.post(f"/persons/{asa['id']}/lookup").json
    second = api.post(f"/persons/{asa['id']}/lookup").json
    assert (first["cached"], second["cached"], fake.requests) == (False, True, 1)


def test_an_empty_register_value_is_never_taken(api, asa, fake):
    del fake.spar[DIGITS]["folkbokforingsadress"]  # protected identity: no address
    rows = by_field(api.post(f"/persons/{asa['id']}/lookup").json)
    assert (rows["address"]["register"], rows["address"]["takeable"]) == (None, False)
    refused = api.post(f"/persons/{asa['id']}/lookup/apply", {"fields": ["first_name", "address"]})
    assert refused.status_code == 422 and "fields" in refused.json["errors"]["json"]
    card = api.get(f"/persons/{asa['id']}").json
    assert (card["first_name"], card["address"]) == ("Åsa", "Gamla vägen 2")


def test_cache_expires(api, app, fake, monkeypatch, settings):
    use_registers(app, monkeypatch, settings, spar_url=fake.spar_url, lookup_cache_seconds=0)
    fake.spar[DIGITS] = spar_person(PNR)
    person = api.person(personnummer=PNR)
    for _ in range(2):
        assert api.post(f"/persons/{person['id']}/lookup").json["cached"] is False
    assert fake.requests == 2


def test_a_register_not_configured_is_503_naming_it(api, app, monkeypatch, settings, fake):
    use_registers(app, monkeypatch, settings, spar_url=fake.spar_url, ares_url="")
    company = api.post("/persons", {"kind": "company", "company_name": "Pohodlne"}).json
    refused = api.post(f"/persons/{company['id']}/lookup", {"ico": ICO})
    assert refused.status_code == 503 and "ares" in refused.json["message"]
    use_registers(app, monkeypatch, settings, spar_url="", ares_url=fake.ares_url)
    person = api.person(personnummer=PNR)
    refused = api.post(f"/persons/{person['id']}/lookup")
    assert refused.status_code == 503 and "spar" in refused.json["message"]
    assert fake.requests == 0
    assert api.get(f"/persons/{person['id']}/lookups").json[0]["outcome"] == "not_configured"


def test_a_bad_or_missing_identifier_is_422_naming_the_field(api, registers, fake):
    person = api.person()
    missing = api.post(f"/persons/{person['id']}/lookup")
    assert missing.status_code == 422 and "personnummer" in missing.json["errors"]["json"]
    bad = api.post(f"/persons/{person['id']}/lookup", {"personnummer": "19811218-9870"})
    assert bad.status_code == 422 and "personnummer" in bad.json["errors"]["json"]
    company = api.post("/persons", {"kind": "company", "company_name": "Pohodlne"}).json
    for ico in (None, "12345678", "2707435"):
        body = {} if ico is None else {"ico": ico}
        refused = api.post(f"/persons/{company['id']}/lookup", body)
        assert refused.status_code == 422 and "ico" in refused.json["errors"]["json"], ico
    assert fake.requests == 0


def test_a_personnummer_given_is_looked_up_instead_of_the_cards(api, registers, fake):
    fake.spar[DIGITS] = spar_person(PNR, first_name="Åsa")
    person = api.person()  # no personnummer on the card
    answer = api.post(f"/persons/{person['id']}/lookup", {"personnummer": PNR})
    assert answer.status_code == 200 and by_field(answer.json)["first_name"]["differs"] is False


def test_ares_company_takes_only_the_address(api, registers, fake, outbox):
    fake.ares[ICO] = ares_subject(ICO, name="Pohodlne s.r.o.")
    company = api.post(
        "/persons", {"kind": "company", "company_name": "Pohodlne", "visiting_city": "Brno"}
    ).json
    compared = api.post(f"/persons/{company['id']}/lookup", {"ico": "270 743 58"})
    assert compared.status_code == 200, compared.json
    rows = by_field(compared.json)
    assert compared.json["register"] == "ares"
    assert rows["company_name"]["register"] == "Pohodlne s.r.o." and rows["company_name"]["differs"]
    assert rows["visiting_address"]["register"] == "Budějovická 778/3a"
    assert rows["visiting_postal_code"]["register"] == "140 00"
    assert rows["vat_number"] == {
        "field": "vat_number",
        "card": None,
        "register": "CZ27074358",
        "differs": False,
        "takeable": False,
    }
    address = ["visiting_address", "visiting_postal_code", "visiting_city"]
    taken = api.post(f"/persons/{company['id']}/lookup/apply", {"ico": ICO, "fields": address})
    assert taken.status_code == 200, taken.json
    card = api.get(f"/persons/{company['id']}").json
    assert (card["company_name"], card["visiting_city"], card["visiting_address"]) == (
        "Pohodlne",
        "Praha",
        "Budějovická 778/3a",
    )
    assert set(outbox("registry.person.updated")[-1]["changed"]) == set(address)


def test_the_record_says_who_whom_when_where_and_what(api, asa, fake):
    api.post(f"/persons/{asa['id']}/lookup")
    api.post(f"/persons/{asa['id']}/lookup/apply", {"fields": ["first_name"]})
    api.as_(role="receptionist", user_id="u-desk").post(f"/persons/{asa['id']}/lookup")
    record = api.get(f"/persons/{asa['id']}/lookups")
    assert record.status_code == 200
    assert [(r["looked_up_by"], r["outcome"], r["taken"], r["cached"]) for r in record.json] == [
        ("u-desk", "found", [], True),
        ("u-staff", "found", ["first_name"], True),
        ("u-staff", "found", [], False),
    ]
    assert {r["register"] for r in record.json} == {"spar"}
    assert {r["person_id"] for r in record.json} == {asa["id"]}
    assert all(r["looked_up_at"] for r in record.json)


@pytest.mark.parametrize("role", ["trainer", "group_leader", "member"])
def test_roles_without_the_permission_are_403(api, asa, fake, role):
    caller = api.as_(role=role, scopes={"person_id": asa["id"]})
    for method, path in (
        ("POST", "lookup"),
        ("POST", "lookup/apply"),
        ("GET", "lookups"),
    ):
        body = {"fields": ["address"]} if path.endswith("apply") else None
        refused = caller.call(method, f"/persons/{asa['id']}/{path}", body)
        assert refused.status_code == 403, (role, path)
        assert LOOKUPS_USE in refused.json["message"]
    assert fake.requests == 0


@pytest.mark.parametrize("role", ["receptionist", "manager", "administrator"])
def test_staff_who_edit_persons_hold_it(api, asa, role):
    assert api.as_(role=role).post(f"/persons/{asa['id']}/lookup").status_code == 200


def test_a_narrowed_caller_reaches_only_the_persons_they_change(api, asa, fake):
    stranger = api.person(first_name="Stranger")
    me = api.person(first_name="Me", personnummer=pnr("19900101", "123"))
    fake.spar[pnr("19900101", "123").replace("-", "")] = spar_person(pnr("19900101", "123"))
    narrowed = api.as_(
        permissions={PERSONS_READ, PERSONS_WRITE, LOOKUPS_USE}, scopes={"person_id": me["id"]}
    )
    for person in (stranger, asa):
        for method, path in (("POST", "lookup"), ("POST", "lookup/apply"), ("GET", "lookups")):
            body = {"fields": ["address"]} if path.endswith("apply") else None
            assert narrowed.call(method, f"/persons/{person['id']}/{path}", body).status_code == 403
    assert narrowed.post(f"/persons/{me['id']}/lookup").status_code == 200
    assert api.get(f"/persons/{asa['id']}/lookups").json == []


def test_an_unknown_person_is_404(api, registers):
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.post(f"/persons/{missing}/lookup").status_code == 404
    assert api.get(f"/persons/{missing}/lookups").status_code == 404


def test_openapi_documents_the_routes_with_their_permission(client):
    spec = client.get("/openapi.json").json
    for path, method in (
        ("/persons/{person_id}/lookup", "post"),
        ("/persons/{person_id}/lookup/apply", "post"),
        ("/persons/{person_id}/lookups", "get"),
    ):
        operation = spec["paths"][path][method]
        assert operation["x-permission"] == LOOKUPS_USE
        assert "example" in str(operation)
    assert {"404", "502", "503", "504"} <= set(
        spec["paths"]["/persons/{person_id}/lookup"]["post"]["responses"]
    )


def test_the_record_follows_a_merge_and_is_in_the_export(api, asa, db):
    api.post(f"/persons/{asa['id']}/lookup")
    kept = api.person(first_name="Åsa", last_name="Lindström")
    merged = api.post("/merges", {"keep": kept["id"], "remove": asa["id"]})
    assert merged.status_code == 201, merged.json
    assert [r["outcome"] for r in api.get(f"/persons/{kept['id']}/lookups").json] == ["found"]
    export = api.post(f"/persons/{kept['id']}/exports").json
    for service in ("crm", "identity", "notify", "imports"):
        envelope = contracts.envelope(
            f"{service}.personal_data.exported",
            export_id=export["id"],
            person_id=kept["id"],
            data={},
        )
        with db.transaction() as session:
            handlers.export_handlers(("crm", "identity", "notify", "imports"))[envelope.type](
                session, envelope
            )
    archive = zipfile.ZipFile(io.BytesIO(api.get(f"/exports/{export['id']}/download").data))
    part = json.loads(archive.read("registry.json"))
    assert [(r["register"], r["outcome"]) for r in part["lookups"]] == [("spar", "found")]


def test_if_match_takes_only_onto_the_card_as_compared(api, asa):
    api.patch(f"/persons/{asa['id']}", {"city": "Malmö"})  # someone changes it meanwhile
    path = f"/persons/{asa['id']}/lookup/apply"
    stale = api.post(path, {"fields": ["city"]}, headers={"If-Match": f'"{asa["version"]}"'})
    assert stale.status_code == 412
    assert api.get(f"/persons/{asa['id']}").json["city"] == "Malmö"
    fresh = api.post(path, {"fields": ["city"]}, headers={"If-Match": f'"{asa["version"] + 1}"'})
    assert fresh.status_code == 200
    assert api.get(f"/persons/{asa['id']}").json["city"] == "Stockholm"


class DeletingRegister:
    """SPAR answering while someone deletes the person: the look-up finds nothing to change."""

    name = "spar"

    def __init__(self, gone):
        self.gone = gone

    def look_up(self, identifier):
        self.gone()
        return RegisterAnswer("spar", identifier, {"address": "Storgatan 1", "last_name": "L"})


def test_a_person_deleted_during_the_look_up_is_404_not_a_failure(api, app, db, monkeypatch):
    asked_about: list[str] = []

    def gone():  # someone deletes the person while the register answers
        with db.transaction() as session:
            session.execute(delete(Person).where(Person.id == asked_about[-1]))

    registers = Registers({"spar": DeletingRegister(gone)}, cache_seconds=0)
    monkeypatch.setitem(app.extensions, "registry.registers", registers)
    first = api.person(personnummer=PNR)
    asked_about.append(first["id"])
    taken = api.post(f"/persons/{first['id']}/lookup/apply", {"fields": ["address"]})
    assert taken.status_code == 404, taken.json
    second = api.person(first_name="Again", personnummer=PNR)
    asked_about.append(second["id"])
    # The comparison is shown; its record has no person left to be kept on.
    assert api.post(f"/persons/{second['id']}/lookup").status_code == 200


def test_a_field_chosen_twice_is_taken_and_recorded_once(api, asa):
    taken = api.post(f"/persons/{asa['id']}/lookup/apply", {"fields": ["city"] * 200})
    assert taken.status_code == 200, taken.json
    assert api.get(f"/persons/{asa['id']}/lookups").json[0]["taken"] == ["city"]
