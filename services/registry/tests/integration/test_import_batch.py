"""registry.import_batch / registry.import_undo from imports: outcomes, dry run, modes, undo."""

from __future__ import annotations

import json

from registry_testing import expanded, import_batch_data, pnr
from sqlalchemy import func, select, text

from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import COMMANDS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from registry import handlers
from registry.models import Family, ImportedPerson, Person, messaging
from registry.use_cases.imports import batch as import_batch
from registry.use_cases.imports import undo as import_undo
from registry.worker import commands_consumer

ASA = {
    "row_no": 2,
    "first_name": "Åsa",
    "last_name": "Berg",
    "personnummer": pnr(),
    "email": "Asa@X.se",
    "phone": "070-123 45 67",
    "city": "Lund",
}


def batch(db, settings, rows, batch_no=1, unchecked=None, **extra) -> dict:
    """`unchecked`: fields the contract refuses, sent anyway (the registry must refuse them)."""
    data = import_batch_data(rows, batch_no, **extra)
    with db.transaction() as session:
        handlers.command_handlers(settings)["registry.import_batch"](
            session,
            contracts.off_contract(
                contracts.envelope("registry.import_batch", **data), **(unchecked or {})
            ),
        )
    return answers(db, "registry.import_batch.processed")[-1]


def answers(db, routing_key: str) -> list[dict]:
    """Data of the messages of that type in the outbox; batch answers written out in full."""
    with db.read_only() as session:
        rows = session.execute(
            select(messaging.outbox).order_by(messaging.outbox.c.created_at)
        ).all()
    return [expanded(json.loads(r.body)["data"]) for r in rows if r.routing_key == routing_key]


def test_create_then_update_with_diff_then_unchanged(api, db, settings):
    [created] = batch(db, settings, [ASA])["outcomes"]
    assert (created["row_no"], created["outcome"], created["error"]) == (2, "created", None)
    person = api.get(f"/persons/{created['person_id']}").json
    assert (person["email"], person["phone"]) == ("asa@x.se", "+46701234567")
    [updated] = batch(db, settings, [{**ASA, "city": "Malmö", "email": ""}], 2)["outcomes"]
    assert updated["outcome"] == "updated" and updated["diff"] == {"city": ["Lund", "Malmö"]}
    assert api.get(f"/persons/{created['person_id']}").json["email"] == "asa@x.se"  # kept
    [same] = batch(db, settings, [{**ASA, "city": "Malmö"}], 3)["outcomes"]
    assert same["outcome"] == "unchanged"
    log = api.get(f"/persons/{created['person_id']}/changes").json
    assert {c["changed_by"] for c in log} == {"service:imports"}


def test_a_person_changed_between_the_batchs_read_and_write_keeps_that_change(
    api, db, settings, monkeypatch
):
    """The set-wise update writes a row only at the version it read (matched._lock_unmoved);
    a person the desk changed meanwhile goes the row-by-row way, which applies the row over
    the desk's change."""
    from sqlalchemy import update

    from registry.use_cases.imports import matched

    [created] = batch(db, settings, [ASA])["outcomes"]
    person_id, lock = created["person_id"], matched._lock_unmoved

    def desk_changes_the_phone_first(session, changed):
        with db.transaction() as desk:  # its own connection: committed before the batch writes
            desk.execute(
                update(Person)
                .where(Person.id == person_id)
                .values(mobile_phone="+46709999999", version=Person.version + 1)
            )
        return lock(session, changed)

    monkeypatch.setattr(matched, "_lock_unmoved", desk_changes_the_phone_first)
    [updated] = batch(db, settings, [{**ASA, "city": "Malmö"}], 2)["outcomes"]
    assert updated["outcome"] == "updated" and updated["diff"] == {"city": ["Lund", "Malmö"]}
    person = api.get(f"/persons/{person_id}").json
    assert (person["city"], person["mobile_phone"]) == ("Malmö", "+46709999999")
    assert person["version"] == 3  # the import's, the desk's, the row-by-row update


def test_bad_rows_are_errors_and_the_rest_is_applied(api, db, settings):
    rows = [
        {**ASA, "row_no": 2, "personnummer": "19800101-1235"},
        {**ASA, "row_no": 3, "email": "not-an-email", "personnummer": pnr("19900101")},
        {**ASA, "row_no": 4, "personnummer": pnr("19700101")},
        {"row_no": 5, "first_name": "No", "personnummer": pnr("19600101")},
    ]
    outcomes = batch(db, settings, rows)["outcomes"]
    assert [o["outcome"] for o in outcomes] == ["error", "error", "created", "error"]
    assert "personnummer" in outcomes[0]["error"] and "last_name" in outcomes[3]["error"]
    assert len(api.get("/persons").json) == 1


def test_dry_run_reports_what_would_happen_and_writes_nothing(api, db, settings):
    answer = batch(
        db, settings, [ASA, {**ASA, "row_no": 3, "personnummer": pnr("19700101")}], dry_run=True
    )
    assert answer["dry_run"] is True
    assert [o["outcome"] for o in answer["outcomes"]] == ["created", "created"]
    assert api.get("/persons").json == []
    assert answers(db, "registry.person.created") == []


def test_a_dry_run_says_exactly_what_the_run_would_do(api, db, settings):
    """Rows the bulk path creates are seen by later rows of the batch, in a dry run too."""
    batch(db, settings, [{**ASA, "personnummer": pnr("19500101")}])  # already registered
    rows = [
        ASA,  # new: bulk
        {**ASA, "row_no": 3, "city": "Ystad", "family": "F1"},  # same person, row by row
        {**ASA, "row_no": 4, "personnummer": pnr("19500101"), "city": "Visby"},  # match
        {**ASA, "row_no": 5, "personnummer": pnr("19700101"), "phone": "12"},
    ]  # bad phone
    dry = batch(db, settings, rows, 2, dry_run=True)["outcomes"]
    with db.read_only() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1
    run = batch(db, settings, rows, 3)["outcomes"]
    assert (
        [o["outcome"] for o in dry]
        == [o["outcome"] for o in run]
        == ["created", "updated", "updated", "error"]
    )
    assert [o.get("diff") for o in dry] == [o.get("diff") for o in run]
    assert [o["error"] for o in dry] == [o["error"] for o in run]
    assert dry[0]["person_id"] is None and run[0]["person_id"] is not None
    assert dry[2]["person_id"] == run[2]["person_id"]  # an existing person is named


def test_a_dry_run_applies_the_earlier_rows_it_carries_first(api, db, settings):
    """A later batch repeating a personnummer, and an employee of a company from an earlier
    batch: the dry run says what the run does (update with its diff; linked), not "create"."""
    company = {"row_no": 3, "kind": "company", "name": "Friskvård AB", "username": "friskvard"}
    first = [ASA, company]
    later = [
        {**ASA, "row_no": 900, "city": "Malmö", "email": ""},
        {
            **ASA,
            "row_no": 901,
            "personnummer": pnr("19700101"),
            "email": "e@x.se",
            "company": "friskvård ab",
        },
    ]
    blind = batch(db, settings, later, 1, dry_run=True)["outcomes"]
    assert [o["outcome"] for o in blind] == ["created", "error"]  # what it cannot know alone
    dry = batch(db, settings, later, 2, dry_run=True, earlier_rows=first)["outcomes"]
    with db.read_only() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
    assert answers(db, "registry.persons.imported") == []
    batch(db, settings, first, 3)
    run = batch(db, settings, later, 4)["outcomes"]
    assert [o["outcome"] for o in dry] == [o["outcome"] for o in run] == ["updated", "created"]
    assert dry[0]["diff"] == run[0]["diff"] == {"city": ["Lund", "Malmö"]}
    # Row 900 repeats row 2's personnummer: a duplicate in the file, in both.
    assert dry[0]["duplicate_of_row"] == run[0]["duplicate_of_row"] == 2
    assert "duplicate_of_row" not in blind[0]
    assert [o["error"] for o in dry] == [None, None]
    # The person the dry run updates is one it would create: it has no id yet.
    assert [o["person_id"] for o in dry] == [None, None]


def test_matching_on_e_mail_tells_household_members_sharing_it_apart_by_first_name(
    api, db, settings
):
    """Anna and Erik share the family e-mail: matched on e-mail, Erik's row must not overwrite
    Anna. Imported again, each row finds its own person."""
    anna = {
        "row_no": 2,
        "first_name": "Anna",
        "last_name": "Ek",
        "email": "ek@x.se",
        "family": "Ek",
        "city": "Lund",
    }
    erik = {**anna, "row_no": 3, "first_name": "Erik"}
    first = batch(db, settings, [anna, erik], match_on="email")["outcomes"]
    assert [o["outcome"] for o in first] == ["created", "created"]
    names = sorted(p["first_name"] for p in api.get("/persons").json)
    assert names == ["Anna", "Erik"]
    again = batch(db, settings, [{**anna, "city": "Malmö"}, erik], 2, match_on="email")["outcomes"]
    assert [(o["outcome"], o["person_id"]) for o in again] == [
        ("updated", first[0]["person_id"]),
        ("unchanged", first[1]["person_id"]),
    ]
    # Without a family the e-mail alone names the person, as before: a new first name updates.
    [renamed] = batch(
        db,
        settings,
        [{"row_no": 4, "first_name": "Ulla", "last_name": "Ek", "email": "ulla@x.se"}],
        3,
        match_on="email",
    )["outcomes"]
    [same] = batch(
        db,
        settings,
        [{"row_no": 5, "first_name": "Ulrika", "last_name": "Ek", "email": "ulla@x.se"}],
        4,
        match_on="email",
    )["outcomes"]
    assert same["outcome"] == "updated" and same["person_id"] == renamed["person_id"]


def test_a_register_imported_again_keeps_its_households(api, db, settings):
    """A second job with the same family rows: the members are unchanged (not "another
    family"), a new member joins their family, and a different family name is refused by name."""
    anna = {
        "row_no": 2,
        "first_name": "Anna",
        "last_name": "Ek",
        "personnummer": pnr(),
        "family": "Ek",
    }
    erik = {**anna, "row_no": 3, "first_name": "Erik", "personnummer": pnr("19700101")}
    first = batch(db, settings, [anna, erik])["outcomes"]
    lisa = {**anna, "row_no": 4, "first_name": "Lisa", "personnummer": pnr("20100101")}
    again = batch(db, settings, [anna, erik, lisa], job_id="job-2")["outcomes"]
    assert [(o["outcome"], o["error"]) for o in again] == [
        ("unchanged", None),
        ("unchanged", None),
        ("created", None),
    ]
    family = api.get(f"/persons/{first[0]['person_id']}").json["family"]["id"]
    assert api.get(f"/persons/{again[2]['person_id']}").json["family"]["id"] == family
    [moved] = batch(db, settings, [{**erik, "family": "Berg"}], job_id="job-3")["outcomes"]
    assert moved["outcome"] == "error" and '"Ek"' in moved["error"] and '"Berg"' in moved["error"]


def test_companies_keep_their_org_number_and_are_found_by_it_when_imported_again(api, db, settings):
    company = {
        "row_no": 2,
        "kind": "company",
        "name": "Friskvård AB",
        "username": "friskvard",
        "org_number": "556677-8899",
    }
    [created] = batch(db, settings, [company])["outcomes"]
    assert created["outcome"] == "created", created
    assert api.get(f"/persons/{created['person_id']}").json["org_number"] == "556677-8899"
    again = batch(
        db,
        settings,
        [
            {**company, "org_number": "16556677-8899"},
            {**company, "row_no": 3, "name": "Friskvård i Lund AB", "org_number": "5566778899"},
        ],
        job_id="job-2",
    )["outcomes"]
    assert [(o["outcome"], o["person_id"]) for o in again] == [
        ("unchanged", created["person_id"]),
        ("updated", created["person_id"]),
    ]
    assert again[1]["diff"] == {"company_name": ["Friskvård AB", "Friskvård i Lund AB"]}
    [bad] = batch(
        db, settings, [{**company, "row_no": 4, "org_number": "556677-8898"}], job_id="job-3"
    )["outcomes"]
    assert bad["outcome"] == "error" and bad["error"].startswith("org_number:")
    companies = [p for p in api.get("/persons").json if p["kind"] == "company"]
    assert len(companies) == 1


def test_companies_without_org_number_are_found_again_by_name_and_e_mail(api, db, settings):
    """Two company rows of one name are two companies (branches with their own e-mail); a
    register imported again finds each of them by name and e-mail instead of making it again."""
    north = {
        "row_no": 2,
        "kind": "company",
        "name": "Kontorsgruppen AB",
        "username": "k1",
        "email": "Norr@Kontor.se",
        "city": "Umeå",
    }
    south = {**north, "row_no": 3, "username": "k2", "email": "syd@kontor.se", "city": "Lund"}
    first = batch(db, settings, [north, south])["outcomes"]
    assert [o["outcome"] for o in first] == ["created", "created"]
    again = batch(
        db,
        settings,
        [
            {**north, "email": "norr@kontor.se"},
            {**south, "city": "Malmö"},
            {**south, "row_no": 4, "city": "Ystad"},
        ],  # twice in one file
        job_id="job-2",
    )["outcomes"]
    assert [(o["outcome"], o["person_id"]) for o in again] == [
        ("unchanged", first[0]["person_id"]),
        ("updated", first[1]["person_id"]),
        ("updated", first[1]["person_id"]),
    ]
    assert again[2]["diff"] == {"visiting_city": ["Malmö", "Ystad"]}  # a company's city
    dry = batch(
        db, settings, [{**north, "name": "KONTORSGRUPPEN AB"}], job_id="job-3", dry_run=True
    )["outcomes"]  # the name in any case
    assert [(o["outcome"], o["person_id"]) for o in dry] == [("updated", first[0]["person_id"])]
    assert len([p for p in api.get("/persons").json if p["kind"] == "company"]) == 2


def test_rows_of_persons_the_register_has_are_answered_set_wise(api, db, settings, monkeypatch):
    """A register imported again is mostly rows of persons the register has: unchanged ones
    and plain field changes are answered from one lookup per batch and updated with one
    statement, logged and announced as the row-by-row path does. Only a status to link or a
    key repeated in the batch goes row by row; every outcome is what that path gives."""
    rows = [
        {
            **ASA,
            "row_no": 2 + i,
            "personnummer": pnr("19700101", f"{i:03d}"),
            "email": f"p{i}@x.se",
            "status": "VIP" if i == 0 else None,
        }
        for i in range(7)
    ]
    rows = [{k: v for k, v in row.items() if v is not None} for row in rows]
    first = batch(db, settings, rows, options={"create_missing_statuses": True})["outcomes"]
    ids = [o["person_id"] for o in first]
    with db.transaction() as session:  # mail to p6 bounced
        handlers.on_address_bounced(
            session,
            contracts.envelope("notify.address.bounced", person_id=ids[6], address="p6@x.se"),
        )
    row_by_row = []
    apply = import_batch.APPLY["customers"]
    monkeypatch.setitem(
        import_batch.APPLY,
        "customers",
        lambda session, job, row, region: (
            row_by_row.append(row["row_no"]) or apply(session, job, row, region)
        ),
    )
    again = [
        rows[0],  # unchanged, its status linked already
        {**rows[1], "email": ""},  # an empty cell keeps the value: unchanged
        {**rows[2], "city": "Ystad"},  # changed
        {**rows[3], "status": "VIP"},  # a status not linked yet
        {**rows[4], "row_no": 20},
        {**rows[4], "row_no": 21, "city": "Visby"},  # twice
        {**rows[5], "first_name": "  Åsa "},  # the same once cleaned
        {**rows[6], "email": "P6@Y.se"},
    ]  # a new address clears the bounce flag
    outcomes = batch(db, settings, again, 2, job_id="job-2")["outcomes"]
    assert [(o["row_no"], o["outcome"], o.get("diff")) for o in outcomes] == [
        (2, "unchanged", None),
        (3, "unchanged", None),
        (4, "updated", {"city": ["Lund", "Ystad"]}),
        (5, "updated", None),
        (20, "unchanged", None),
        (21, "updated", {"city": ["Lund", "Visby"]}),
        (7, "unchanged", None),
        (8, "updated", {"email": ["p6@x.se", "p6@y.se"]}),
    ]
    assert [o["person_id"] for o in outcomes] == [
        ids[0],
        ids[1],
        ids[2],
        ids[3],
        ids[4],
        ids[4],
        ids[5],
        ids[6],
    ]
    assert row_by_row == [5, 20, 21]
    ystad = api.get(f"/persons/{ids[2]}").json
    assert (ystad["city"], ystad["version"]) == ("Ystad", 2)
    assert api.get("/persons?q=p6@y.se").json[0]["id"] == ids[6]  # the search text follows
    assert api.get(f"/persons/{ids[6]}").json["bad_address"] is False
    log = [
        (c["field"], c["new"], c["changed_by"]) for c in api.get(f"/persons/{ids[6]}/changes").json
    ]
    assert ("email", "p6@y.se", "service:imports") in log
    assert ("bad_address", False, "service:imports") in log
    [announced] = answers(db, "registry.persons.updated")  # one for the batch's set-wise rows
    assert announced["job_id"] == "job-2"
    updated = {e["person_id"]: e["changed"] for e in announced["persons"]}
    assert updated[ids[2]] == {"city": "Ystad"}
    assert updated[ids[6]] == {"email": "p6@y.se", "bad_address": False}
    only_new = batch(
        db, settings, [{**rows[2], "city": "Kiruna"}], 3, job_id="job-3", mode="create_only"
    )["outcomes"]
    assert [o["outcome"] for o in only_new] == ["unchanged"] and row_by_row == [5, 20, 21]


def test_a_person_the_job_made_and_updated_set_wise_is_still_undone(api, db, settings):
    """A key repeated in a later batch of the same job updates the person the job made: the
    import's recorded version follows, so the job's undo still removes it."""
    [made] = batch(db, settings, [ASA])["outcomes"]
    [again] = batch(db, settings, [{**ASA, "row_no": 2502, "city": "Ystad"}], 2)["outcomes"]
    assert (again["outcome"], again["person_id"]) == ("updated", made["person_id"])
    result = undo(db)
    assert (result["removed"], result["kept"]) == (1, [])
    dry = batch(db, settings, [{**ASA, "city": "Kiruna"}], 3, job_id="job-9", dry_run=True)
    assert dry["outcomes"][0]["outcome"] == "created"  # gone


def test_a_dry_run_of_new_persons_only_leaves_no_trace(api, db, settings):
    rows = [
        {**ASA, "row_no": n, "personnummer": pnr("19800101", f"{n:03d}"), "status": "Ny"}
        for n in range(2, 12)
    ]
    answer = batch(db, settings, rows, dry_run=True, options={"create_missing_statuses": True})
    assert [o["outcome"] for o in answer["outcomes"]] == ["created"] * 10
    assert {o["person_id"] for o in answer["outcomes"]} == {None}
    assert api.get("/persons").json == [] and api.get("/statuses").json == []
    assert answers(db, "registry.persons.imported") == []


def test_a_resent_batch_is_applied_once_and_answered_again(api, db, settings):
    first = batch(db, settings, [ASA])
    again = batch(db, settings, [ASA])
    assert again == first
    assert len(api.get("/persons").json) == 1
    assert len(answers(db, "registry.import_batch.processed")) == 2


def test_modes_and_matching(api, db, settings):
    batch(db, settings, [ASA])
    only_new = batch(db, settings, [{**ASA, "city": "X"}], 2, mode="create_only")
    assert only_new["outcomes"][0]["outcome"] == "unchanged"
    missing = batch(
        db, settings, [{**ASA, "personnummer": pnr("19700101")}], 3, mode="update_existing"
    )
    assert missing["outcomes"][0]["error"] == (
        "no person in the register has this personnummer, and the import only updates"
    )
    by_email = batch(
        db, settings, [{"row_no": 9, "email": "asa@x.se", "city": "Umeå"}], 4, match_on="email"
    )
    assert by_email["outcomes"][0]["outcome"] == "updated"
    refused = batch(db, settings, [ASA], 5, unchecked={"mode": "replace_all"})
    assert "mode" in refused["error"] and "outcomes" not in refused


def test_status_family_and_company_columns(api, db, settings):
    api.post("/persons", {"kind": "company", "company_name": "Bygg AB"})
    rows = [
        {**ASA, "status": "VIP", "family": "Berg", "company": "bygg ab"},
        {
            **ASA,
            "row_no": 3,
            "first_name": "Kim",
            "personnummer": pnr("20100101"),
            "family": "Berg",
            "status": "VIP",
        },
    ]
    refused = batch(db, settings, rows)
    assert [o["outcome"] for o in refused["outcomes"]] == ["error", "error"]
    assert refused["outcomes"][0]["error"].startswith('status: "VIP" is not a status here yet')
    done = batch(db, settings, rows, 2, options={"create_missing_statuses": True})
    assert [o["outcome"] for o in done["outcomes"]] == ["created", "created"]
    head = api.get(f"/persons/{done['outcomes'][0]['person_id']}").json
    assert head["family"]["is_head"] is True and head["statuses"][0]["name"] == "VIP"
    assert head["relations"][0]["label"] == "works at"
    kid = api.get(f"/persons/{done['outcomes'][1]['person_id']}").json
    assert kid["family"]["id"] == head["family"]["id"] and not kid["family"]["is_head"]


def test_statuses_groups_and_members(api, db, settings):
    batch(db, settings, [ASA])
    statuses = batch(
        db,
        settings,
        [{"row_no": 2, "name": "VIP"}, {"row_no": 3, "name": "VIP"}, {"row_no": 4, "name": "vip "}],
        2,
        kind="statuses",
    )
    assert [o["outcome"] for o in statuses["outcomes"]] == ["created", "unchanged", "unchanged"]
    assert [s["name"] for s in api.get("/statuses").json] == ["VIP"]
    groups = batch(
        db, settings, [{"row_no": 2, "name": "P12", "external_number": "G1"}], 3, kind="groups"
    )
    assert groups["outcomes"][0]["outcome"] == "created"
    members = batch(
        db,
        settings,
        [
            {"row_no": 2, "group_external_number": "G1", "personnummer": pnr(), "role": "Ledare"},
            {"row_no": 3, "group": "Nope", "personnummer": pnr()},
            {"row_no": 4, "group": "P12", "email": "asa@x.se"},
            {"row_no": 5, "group": "P12", "personnummer": pnr("19700101")},
        ],
        4,
        kind="group_members",
    )
    assert members["outcomes"][0]["diff"] == {"groups": [None, "P12 (leader)"]}
    assert [(o["outcome"], o["error"]) for o in members["outcomes"]] == [
        ("updated", None),
        ("error", "no group 'Nope'"),
        ("error", "the row has no personnummer, which the import matches persons on"),
        ("error", "no person in the register has this personnummer"),
    ]
    group_id = api.get("/groups").json[0]["id"]
    assert len(api.get(f"/groups/{group_id}").json["leaders"]) == 1


def undo(db, job_id="job-1") -> dict:
    with db.transaction() as session:
        handlers.command_handlers(None)["registry.import_undo"](
            session, contracts.envelope("registry.import_undo", job_id=job_id)
        )
    return answers(db, "registry.import_undo.processed")[-1]


def test_undo_removes_created_persons_except_changed_ones(api, db, settings):
    outcomes = batch(db, settings, [ASA, {**ASA, "row_no": 3, "personnummer": pnr("19700101")}])[
        "outcomes"
    ]
    changed = outcomes[1]["person_id"]
    api.patch(f"/persons/{changed}", {"city": "Kiruna"})
    result = undo(db)
    assert result["removed"] == 1
    assert result["kept"] == [{"person_id": changed, "reason": "changed since the import"}]
    assert [p["id"] for p in api.get("/persons").json] == [changed]
    # One event for the chunk, not one per person: each other service erases its part at once.
    assert answers(db, "registry.persons.deleted") == [{"person_ids": [outcomes[0]["person_id"]]}]
    assert answers(db, "registry.person.deleted") == []


def test_undo_removes_the_households_it_created_heads_and_families_included(api, db, settings):
    """Heads go after their members: before, every head was kept as "the head of a family
    with other members" although the undo removed those members too."""
    anna = {
        "row_no": 2,
        "first_name": "Anna",
        "last_name": "Ek",
        "personnummer": pnr(),
        "family": "Ek",
    }
    erik = {**anna, "row_no": 3, "first_name": "Erik", "personnummer": pnr("19700101")}
    lisa = {
        **anna,
        "row_no": 4,
        "first_name": "Lisa",
        "personnummer": pnr("20100101"),
        "family": "Berg",
    }
    ulla = {**lisa, "row_no": 5, "first_name": "Ulla", "personnummer": pnr("19600101")}
    outcomes = batch(db, settings, [anna, erik, lisa, ulla])["outcomes"]
    berg = api.get(f"/persons/{outcomes[2]['person_id']}").json["family"]
    api.patch(f"/persons/{outcomes[3]['person_id']}", {"city": "Kiruna"})  # Ulla: kept
    result = undo(db)
    assert result["removed"] == 2
    # Lisa heads the Berg family, where Ulla stays: she is kept too, with the reason.
    assert result["kept"] == [
        {"person_id": outcomes[3]["person_id"], "reason": "changed since the import"},
        {
            "person_id": outcomes[2]["person_id"],
            "reason": "is the head of a family with other members: choose a new head first",
        },
    ]
    assert sorted(p["first_name"] for p in api.get("/persons").json) == ["Lisa", "Ulla"]
    with db.read_only() as session:  # the Ek family went with its members
        assert list(session.scalars(select(Family.id))) == [berg["id"]]
    ek_ids = sorted(o["person_id"] for o in outcomes[:2])
    assert answers(db, "registry.persons.deleted") == [{"person_ids": ek_ids}]
    ek = answers(db, "registry.family.changed")[-1]  # the gateway drops its cached scopes
    assert ek["person_ids"] == ek_ids


def test_an_undo_lists_at_most_so_many_kept_persons_and_counts_them_all(
    api, db, settings, monkeypatch
):
    """An undo after the register was imported again can keep tens of thousands: the list
    stops at KEPT_LISTED (every chunk's command and the job carried it), the count does not."""
    monkeypatch.setattr(import_undo, "KEPT_LISTED", 2)
    rows = [
        {**ASA, "row_no": 2 + i, "personnummer": pnr("19700101", f"{i:03d}"), "email": f"p{i}@x.se"}
        for i in range(4)
    ]
    outcomes = batch(db, settings, rows)["outcomes"]
    for outcome in outcomes[:3]:
        api.patch(f"/persons/{outcome['person_id']}", {"city": "Kiruna"})
    result = undo(db)
    assert (result["removed"], result["kept_count"], len(result["kept"])) == (1, 3, 2)


def test_the_login_account_an_import_asked_for_does_not_stop_its_undo(api, db, settings):
    """identity.user.created links the pending account to the person (its version moves);
    that is the import's own doing, not a change since: the undo still removes the person."""
    [created, other] = batch(
        db,
        settings,
        [ASA, {**ASA, "row_no": 3, "email": "b@x.se", "personnummer": pnr("19700101")}],
    )["outcomes"]
    for person_id in (created["person_id"], other["person_id"]):
        with db.transaction() as session:
            handlers.on_user_created(
                session,
                contracts.envelope(
                    "identity.user.created", user_id=new_id(), person_id=person_id, username="u"
                ),
            )
    api.patch(f"/persons/{other['person_id']}", {"city": "Kiruna"})  # a real change
    result = undo(db)
    assert result["removed"] == 1
    assert result["kept"] == [
        {"person_id": other["person_id"], "reason": "changed since the import"}
    ]


def test_a_person_deleted_since_the_import_is_neither_removed_nor_kept_by_its_undo(
    api, db, settings
):
    outcomes = batch(db, settings, [ASA, {**ASA, "row_no": 3, "personnummer": pnr("19700101")}])[
        "outcomes"
    ]
    assert api.delete(f"/persons/{outcomes[1]['person_id']}").status_code == 204
    result = undo(db)
    assert (result["removed"], result["kept"], result["kept_count"]) == (1, [], 0)
    assert api.get("/persons").json == []
    assert answers(db, "registry.persons.deleted") == [{"person_ids": [outcomes[0]["person_id"]]}]


def test_a_big_undo_goes_in_chunks_each_sending_the_next_with_the_totals(api, db, settings):
    rows = [
        {**ASA, "row_no": 2 + i, "personnummer": pnr("19700101", f"{i:03d}"), "email": f"p{i}@x.se"}
        for i in range(5)
    ]
    outcomes = batch(db, settings, rows)["outcomes"]
    api.patch(f"/persons/{outcomes[1]['person_id']}", {"city": "Kiruna"})
    command = {"job_id": "job-1"}
    for chunk_no in range(1, 4):  # 2 + 2 + 1 persons
        with db.transaction() as session:
            import_undo.on_import_undo(
                session, contracts.envelope("registry.import_undo", **command), chunk=2
            )
        with db.read_only() as session:  # each chunk is committed on its own
            left = session.scalar(select(func.count()).select_from(ImportedPerson))
        assert left == {1: 3, 2: 1, 3: 0}[chunk_no]
        if chunk_no < 3:
            command = answers(db, "registry.import_undo")[-1]
            assert answers(db, "registry.import_undo.processed") == []
            progress = answers(db, "registry.import_undo.progress")[-1]  # for the job's view
            assert progress["removed"] + progress["kept"] == 2 * chunk_no
    assert command["removed_so_far"] + len(command["kept_so_far"]) == 4  # two chunks of 2
    [result] = answers(db, "registry.import_undo.processed")
    assert [p["id"] for p in api.get("/persons").json] == [outcomes[1]["person_id"]]
    assert result["removed"] == 4 and result["kept_count"] == 1
    assert result["kept"] == [
        {"person_id": outcomes[1]["person_id"], "reason": "changed since the import"}
    ]


def test_a_batch_through_rabbitmq(settings, db, api):
    envelope = contracts.envelope(
        "registry.import_batch",
        job_id="job-9",
        batch_no=1,
        mode="create_or_update",
        match_on="personnummer",
        options={},
        rows=[ASA],
    )
    with running(commands_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, envelope)
        answer = wait_until(lambda: answers(db, "registry.import_batch.processed"))[0]
    assert answer["outcomes"][0]["outcome"] == "created"


def test_a_key_repeated_in_one_batch_creates_once_then_updates(api, db, settings):
    rows = [
        ASA,
        {**ASA, "row_no": 3, "city": "Ystad"},
        *(
            {
                **ASA,
                "row_no": 10 + i,
                "personnummer": pnr("19700101", f"{i:03d}"),
                "email": f"p{i}@x.se",
            }
            for i in range(30)
        ),
    ]
    outcomes = batch(db, settings, rows)["outcomes"]
    assert [o["row_no"] for o in outcomes] == [r["row_no"] for r in rows]  # file order kept
    assert outcomes[0]["outcome"] == "created"
    assert outcomes[1]["outcome"] == "updated" and outcomes[1]["diff"] == {
        "city": ["Lund", "Ystad"]
    }
    assert outcomes[1]["person_id"] == outcomes[0]["person_id"]
    assert outcomes[1]["duplicate_of_row"] == 2  # the file has the key twice: for review
    assert "duplicate_of_row" not in outcomes[0]
    assert {o["outcome"] for o in outcomes[2:]} == {"created"}
    assert json.loads(api.get("/persons").headers["X-Pagination"])["total"] == 31
    # The bulk path announces its persons in one event per batch; the rest one by one.
    [imported] = answers(db, "registry.persons.imported")
    assert imported["job_id"] == "job-1" and len(imported["persons"]) >= 30
    created = answers(db, "registry.person.created") + imported["persons"]
    assert len(created) == 31 == len({person["person_id"] for person in created})
    assert "asa@x.se" in {person["fields"]["email"] for person in created}
    assert not any("personnummer" in person["fields"] for person in created)
    # One change-log row per imported person, holding every initial value: in bulk ...
    [log] = api.get(f"/persons/{outcomes[2]['person_id']}/changes").json
    assert log["field"] == "created" and log["old"] is None
    assert log["new"]["email"] == "p0@x.se" and log["new"]["phone"] == "+46701234567"
    assert log["new"]["personnummer"] and "birth_date" not in log["new"]
    with db.read_only() as session:  # the list's order and the free-text search see them
        person = session.get(Person, outcomes[2]["person_id"])
        assert person.sort_name == "berg åsa" and "p0@x.se" in person.search_text
    # ... and row by row (that person was then updated by row 3: one more row, per field).
    logs = api.get(f"/persons/{outcomes[0]['person_id']}/changes").json
    assert sorted(c["field"] for c in logs) == ["city", "created"]
    [created] = [c for c in logs if c["field"] == "created"]
    assert created["new"]["first_name"] == "Åsa" and created["new"]["city"] == "Lund"


def test_pending_accounts_are_asked_of_identity_for_created_persons_only(api, db, settings):
    options = {"create_pending_accounts": True}
    rows = [
        {**ASA, "username": "asa@x.se"},
        {"row_no": 3, "kind": "company", "name": "Friskvård AB", "username": "friskvard"},
        {**ASA, "row_no": 4, "personnummer": "19800101-1235", "username": "bad"},
    ]
    answer = batch(db, settings, rows, options=options)
    created = answer["outcomes"][0]["person_id"]
    [command] = answers(db, "identity.create_accounts")
    assert command["job_id"] == "job-1" and command["batch_no"] == 1
    assert command["accounts"] == [
        {"person_id": created, "username": "asa@x.se", "email": "Asa@X.se"}
    ]
    # Without the option, or in a dry run, identity is not asked.
    batch(db, settings, [{**ASA, "row_no": 5, "personnummer": pnr("19750101")}], 2)
    batch(
        db,
        settings,
        [{**ASA, "row_no": 6, "personnummer": pnr("19760101")}],
        3,
        options=options,
        dry_run=True,
    )
    assert len(answers(db, "identity.create_accounts")) == 1


def test_new_persons_with_a_status_are_linked_and_logged_in_bulk(api, db, settings):
    rows = [
        {**ASA, "status": "Aktiv"},
        {**ASA, "row_no": 3, "personnummer": pnr("19700101"), "status": "aktiv"},
        {
            **{k: v for k, v in ASA.items() if k != "email"},
            "row_no": 4,
            "personnummer": pnr("19600101"),
            "status": "Okänd",
        },
    ]
    refused = batch(db, settings, rows)
    assert [o["outcome"] for o in refused["outcomes"]] == ["error", "error", "error"]
    outcomes = batch(db, settings, rows, 2, options={"create_missing_statuses": True})["outcomes"]
    assert [o["outcome"] for o in outcomes] == ["created", "created", "created"]
    first, second, third = (api.get(f"/persons/{o['person_id']}").json for o in outcomes)
    assert [s["name"] for s in first["statuses"]] == ["Aktiv"]
    assert second["statuses"] == first["statuses"]  # one status, whatever the case
    assert [s["name"] for s in third["statuses"]] == ["Okänd"]
    [log] = api.get(f"/persons/{outcomes[1]['person_id']}/changes").json
    assert log["field"] == "created" and log["new"]["statuses"] == first["statuses"][0]["id"]


def test_the_answer_lists_created_rows_in_short_and_the_rest_in_full(db, settings):
    """Most rows of an import are plain creations: [row_no, person_id] pairs keep the answer
    (stored, and published to imports) a fraction of its full size."""
    rows = [
        ASA,
        {**ASA, "row_no": 3, "city": "Ystad"},
        {**ASA, "row_no": 4, "personnummer": "19800101-0000"},
        {**ASA, "row_no": 5, "personnummer": pnr("19700101"), "email": "b@x.se"},
    ]
    batch(db, settings, rows)
    with db.read_only() as session:
        body = session.execute(
            select(messaging.outbox.c.body).where(
                messaging.outbox.c.routing_key == "registry.import_batch.processed"
            )
        ).scalar_one()
    answer = json.loads(body)["data"]
    assert [row for row, _id in answer["created_rows"]] == [2, 5]
    assert all(person_id for _row, person_id in answer["created_rows"])
    assert [(o["row_no"], o["outcome"]) for o in answer["outcomes"]] == [
        (3, "updated"),
        (4, "error"),
    ]
    dry = batch(
        db, settings, [{**ASA, "row_no": 7, "personnummer": pnr("19600101")}], 2, dry_run=True
    )
    assert dry["outcomes"] == [
        {"row_no": 7, "outcome": "created", "person_id": None, "error": None}
    ]


def test_a_person_another_import_created_is_no_duplicate_in_the_file(api, db, settings):
    batch(db, settings, [ASA], 1, job_id="job-1")
    [again] = batch(db, settings, [{**ASA, "row_no": 7, "city": "Malmö"}], 1, job_id="job-2")[
        "outcomes"
    ]
    assert again["outcome"] == "updated" and "duplicate_of_row" not in again
    [twice] = batch(db, settings, [{**ASA, "row_no": 9, "city": "Ystad"}], 2, job_id="job-2")[
        "outcomes"
    ]
    assert twice["outcome"] == "updated" and "duplicate_of_row" not in twice  # job-2 made none


def test_a_dry_run_lists_undecided_statuses_once_and_the_run_creates_only_those_allowed(
    api, db, settings
):
    """Issue 23 §11: the unknown values once with their row counts, not a refused row each."""
    api.post("/statuses", {"name": "VIP"})
    rows = [
        {**ASA, "row_no": n, "personnummer": pnr("19800101", f"{n:03d}"), "status": status}
        for n, status in enumerate(["Guld", "guld", "Brons", "vip", "Guld"], start=2)
    ]
    dry = batch(db, settings, rows, dry_run=True)
    assert dry["unknown_statuses"] == {"Guld": 3, "Brons": 1}
    assert [o["outcome"] for o in dry["outcomes"]] == ["created"] * 5
    assert [s["name"] for s in api.get("/statuses").json] == ["VIP"]  # nothing written
    decided = batch(db, settings, rows, 2, dry_run=True, options={"create_statuses": ["guld"]})
    assert decided["unknown_statuses"] == {"Brons": 1}
    run = batch(db, settings, rows, 3, options={"create_statuses": ["Guld"]})
    outcomes = [o["outcome"] for o in run["outcomes"]]
    assert outcomes == ["created", "created", "error", "created", "created"]
    assert run["outcomes"][2]["error"].startswith('status: "Brons" is not a status here yet')
    assert sorted(s["name"] for s in api.get("/statuses").json) == ["Guld", "VIP"]
    assert "unknown_statuses" not in run


def test_an_import_row_creating_a_person_must_have_staff_creates_fields(api, db, settings):
    assert api.put("/required-fields/staff_create", {"fields": ["phone"]}).status_code == 200
    rows = [
        {"row_no": 2, "first_name": "A", "last_name": "B", "personnummer": pnr("19800101")},
        {
            "row_no": 3,
            "first_name": "C",
            "last_name": "D",
            "personnummer": pnr("19800102"),
            "phone": "070-123 45 67",
        },
    ]
    answer = batch(db, settings, rows)
    assert [(o["row_no"], o["outcome"], o["error"]) for o in answer["outcomes"]] == [
        (2, "error", "phone: required for staff_create"),
        (3, "created", None),
    ]
    dry = batch(db, settings, rows, 2, job_id="job-2", dry_run=True)
    assert dry["outcomes"][0]["error"] == "phone: required for staff_create"


def test_applied_and_checked_rows_are_counted_for_the_operator_once_committed(db, settings):
    from prometheus_client import REGISTRY

    def rows(stage: str) -> float:
        return REGISTRY.get_sample_value("foyer_import_rows_total", {"stage": stage}) or 0.0

    applied, checked = rows("applied"), rows("checked")
    two = [{**ASA, "personnummer": pnr()}, {**ASA, "row_no": 3, "personnummer": pnr()}]
    batch(db, settings, two, dry_run=True)
    assert (rows("applied"), rows("checked")) == (applied, checked + 2)
    batch(db, settings, two, 2)
    assert (rows("applied"), rows("checked")) == (applied + 2, checked + 2)
    try:  # rolled back: not counted
        with db.transaction() as session:
            handlers.command_handlers(settings)["registry.import_batch"](
                session,
                contracts.envelope(
                    "registry.import_batch",
                    job_id="job-2",
                    batch_no=1,
                    mode="create_or_update",
                    match_on="personnummer",
                    options={},
                    kind="customers",
                    rows=[{**ASA, "personnummer": pnr()}],
                ),
            )
            raise RuntimeError("the commit fails")
    except RuntimeError:
        pass
    assert rows("applied") == applied + 2


def test_a_batchs_new_persons_are_written_in_name_order(db, settings):
    """Persons of one surname share heap pages, so a search for it reads few (fast.py)."""
    names = ["Öberg", "Andersson", "Lindström", "Berg", "Andersson"]
    rows = [
        {
            "row_no": 2 + i,
            "first_name": "X",
            "last_name": name,
            "personnummer": pnr(f"19{50 + i}0101"),
        }
        for i, name in enumerate(names)
    ]
    outcomes = batch(db, settings, rows)["outcomes"]
    assert [o["outcome"] for o in outcomes] == ["created"] * 5
    with db.read_only() as session:
        stored = session.scalars(select(Person.last_name).order_by(text("ctid"))).all()  # heap
    assert stored == sorted(names, key=str.lower)


def test_extended_fields_from_a_file_are_checked_stored_and_compared(api, db, settings):
    """A file's column mapped to an extended field (imports: `extra_fields.<key>`): its text
    becomes the typed value, the card shows it, a second import of the same text changes
    nothing, another value is a diff; a bad value or an unknown field refuses the row naming
    the field, in the dry run as in the run."""
    for field in (
        {"key": "level", "label": "Nivå", "type": "list", "options": ["Brons", "Guld"]},
        {"key": "since", "label": "Medlem sedan", "type": "date"},
        {"key": "fee", "label": "Avgift", "type": "price"},
    ):
        assert api.post("/fields", field).status_code == 201
    row = {**ASA, "extra_fields": {"level": "guld", "since": "2019-03-01", "fee": "1 299,5"}}
    [created] = batch(db, settings, [row])["outcomes"]
    assert created["outcome"] == "created", created
    card = api.get(f"/persons/{created['person_id']}").json
    assert card["extra_fields"] == {"level": "Guld", "since": "2019-03-01", "fee": "1299.50"}
    changes = api.get(f"/persons/{created['person_id']}/changes").json
    assert {"extra_fields.level", "extra_fields.since", "extra_fields.fee"} <= {
        c["field"] for c in changes
    }

    [same] = batch(db, settings, [row], 2)["outcomes"]
    assert (same["outcome"], same.get("diff")) == ("unchanged", None)
    moved = {**row, "extra_fields": {"level": "Brons"}}
    [updated] = batch(db, settings, [moved], 3, dry_run=True)["outcomes"]
    assert updated["outcome"] == "updated"
    assert updated["diff"] == {"extra_fields.level": ["Guld", "Brons"]}
    assert api.get(f"/persons/{created['person_id']}").json["extra_fields"]["level"] == "Guld"

    # A row the bulk path leaves to the row-by-row one (a family) stores its values the same.
    family_row = {**row, "row_no": 5, "personnummer": pnr("19900101", "456"), "email": "bo@x.se"}
    family_row.update(first_name="Bo", family="Berg")
    [linked] = batch(db, settings, [family_row], 5)["outcomes"]
    assert linked["outcome"] == "created", linked
    card = api.get(f"/persons/{linked['person_id']}").json
    assert card["extra_fields"] == {"level": "Guld", "since": "2019-03-01", "fee": "1299.50"}

    refused = [
        {**ASA, "row_no": 3, "personnummer": pnr("19910101"), "extra_fields": {"level": "Platina"}},
        {**ASA, "row_no": 4, "personnummer": pnr("19920101"), "extra_fields": {"shoe": "42"}},
    ]
    outcomes = batch(db, settings, refused, 6)["outcomes"]
    assert [o["outcome"] for o in outcomes] == ["error", "error"]
    assert outcomes[0]["error"] == 'extra_fields.level: "Platina" is not one of Brons, Guld'
    assert outcomes[1]["error"] == "extra_fields.shoe: is not an extended field of this register"


def test_a_register_imported_again_with_the_same_extended_values_is_answered_set_wise(
    api, db, settings
):
    """matched.judge: a row whose extended values are those stored is unchanged without the
    row-by-row path; one whose value differs, or names no field, is left to it."""
    from registry.use_cases.imports import matched as matched_rows
    from registry.use_cases.imports.rows import extended_definitions

    level = {"key": "level", "label": "Nivå", "type": "list", "options": ["Brons", "Guld"]}
    assert api.post("/fields", level).status_code == 201
    row = {**ASA, "extra_fields": {"level": "guld"}}
    [created] = batch(db, settings, [row])["outcomes"]
    key = api.get(f"/persons/{created['person_id']}").json["personnummer"]
    job = {"match_on": "personnummer", "mode": "create_or_update"}
    rows = [
        row,
        {**row, "extra_fields": {"level": "Brons"}},
        {**row, "extra_fields": {"shoe": "42"}},
    ]
    with db.transaction() as session:
        definitions = extended_definitions(session, rows)
        judged = matched_rows.judge(
            session, job, [(i, r, {}, key) for i, r in enumerate(rows)], {}, definitions
        )
    assert judged.unchanged == {0: created["person_id"]} and judged.changed == []
