"""How each route of the access matrix is played: path values, body and caller per object.

A builder gets the seeded World, the caller's role and the row's object (`-`, `own`, `other`,
`owner`) and returns a Call. GET routes without path parameters need no builder. Objects a call
destroys or changes for good are made fresh here, so rows can run in any order.
"""

from __future__ import annotations

import dataclasses

from matrix_world import PASSWORD, World, unique

# A permission no built-in role but the owner holds: roles holding it are beyond the caller.
BEYOND = "identity.impersonate"
WITHIN = "registry.persons.read"  # held by every built-in role


@dataclasses.dataclass
class Call:
    path: dict = dataclasses.field(default_factory=dict)  # values for the template's {names}
    kwargs: dict = dataclasses.field(default_factory=dict)  # json / params / data / files
    headers: dict | None = None  # a different caller than the role's shared account


BUILDERS = {}


def plays(*routes: str):
    def register(function):
        for route in routes:
            BUILDERS[route] = function
        return function

    return register


def _json(body: dict, **path) -> Call:
    return Call(path=path, kwargs={"json": body})


def _person(world: World, role: str, obj: str) -> str:
    return world.own_person(role) if obj == "own" else world.outsider


def _changed_person(world: World, role: str, obj: str) -> str:
    """For calls that change a person: the caller themselves (only their own lane touches
    them), a fresh member of the group a leader leads, or a fresh outsider (rows run side by
    side, and two changes of one person at once may answer 412)."""
    if obj == "own" and role != "group_leader":
        return world.person[role]
    person_id = world.new_person()
    if obj == "own":
        world.call(
            "POST",
            f"/api/registry/groups/{world.led_group}/members",
            json={"person_id": person_id, "role": "member"},
        )
    return person_id


def _fresh_person(world: World, role: str, obj: str) -> str:
    """A new person: for `own`, one inside the caller's scope where a scope can hold it."""
    person_id = world.new_person()
    if obj == "own" and role in ("member", "group_leader"):
        world.add_to_family(world.own_family(role), person_id)
    return person_id


# -- identity ------------------------------------------------------------------------------


@plays("POST /api/identity/auth/login")
def _login(world, role, obj):
    return _json({"username": world.username[role], "password": PASSWORD})


@plays("POST /api/identity/auth/refresh", "POST /api/identity/auth/logout")
def _refresh_token(world, role, obj):
    return _json({"refresh_token": world.login_pair(world.username[role])["refresh_token"]})


@plays("POST /api/identity/auth/activate", "POST /api/identity/auth/password-reset/confirm")
def _mailed_token(world, role, obj):
    # The real token only travels by e-mail; a wrong one shows the route refuses it.
    return _json({"token": "not-a-real-token", "password": "a-new-long-passphrase-1"})


@plays("POST /api/identity/auth/password-reset")
def _reset(world, role, obj):
    return _json({"username_or_email": world.username[role]})


@plays("POST /api/identity/account/password")
def _own_password(world, role, obj):
    _, headers = world.fresh_caller(role)  # every session of the account ends
    return Call(
        kwargs={"json": {"old_password": PASSWORD, "new_password": "another-long-passphrase-2"}},
        headers=headers,
    )


@plays("POST /api/identity/auth/confirm-email")
def _confirm_email(world, role, obj):
    return _json({"token": "not-a-real-token"})  # the real one only travels by e-mail


@plays("POST /api/identity/account/email-change")
def _own_email(world, role, obj):
    # Asking changes nothing until the mailed link is used: the role's shared account will do.
    return _json({"password": PASSWORD, "email": f"{unique('mx')}@example.se"})


@plays("POST /api/identity/users/{user_id}/email-change")
def _staff_email(world, role, obj):
    user_id, headers = _account(world, role, obj, fresh=obj == "owner")
    return Call(
        path={"user_id": user_id},
        headers=headers,
        kwargs={"json": {"email": f"{unique('mx')}@example.se"}},
    )


def _account_body(roles: list[str], person_id: str | None = None) -> dict:
    username = unique("mx")
    return {
        "username": username,
        "email": f"{username}@example.se",
        "roles": roles,
        "person_id": person_id,
    }


@plays("POST /api/identity/users")
def _create_account(world, role, obj):
    return _json(_account_body(["member"] if obj == "own" else ["owner"]))


@plays("POST /api/identity/users/bulk")
def _bulk_accounts(world, role, obj):
    item = _account_body(["member"] if obj == "own" else ["owner"], world.new_person())
    return _json({"accounts": [item]})


def _account(
    world: World, role: str, obj: str, fresh: bool = False, status: str = "pending"
) -> tuple[str, dict | None]:
    """(user_id, caller headers or None): own account, another member's, or another owner's."""
    if obj == "own":
        if fresh:
            return world.fresh_caller(role)
        return world.user[role], None
    if not fresh:
        return world.bystander_user, None
    # Pending: no password to hash (deactivating one and reactivating it work the same).
    user_id, _ = world.new_account(["owner" if obj == "owner" else "member"], password=None)
    if status == "inactive":
        world.call("POST", f"/api/identity/users/{user_id}/deactivate")
    return user_id, None


@plays("GET /api/identity/users/{user_id}", "GET /api/identity/users/{user_id}/sessions")
def _read_account(world, role, obj):
    user_id, _ = _account(world, role, obj)
    return Call(path={"user_id": user_id})


@plays(
    "DELETE /api/identity/users/{user_id}",
    "POST /api/identity/users/{user_id}/deactivate",
    "DELETE /api/identity/users/{user_id}/sessions",
)
def _end_account(world, role, obj):
    user_id, headers = _account(world, role, obj, fresh=True)
    return Call(path={"user_id": user_id}, headers=headers)


@plays("POST /api/identity/users/{user_id}/reactivate")
def _reactivate(world, role, obj):
    user_id, headers = _account(world, role, obj, fresh=obj != "own", status="inactive")
    return Call(path={"user_id": user_id}, headers=headers)


@plays("POST /api/identity/users/{user_id}/activation")
def _activation(world, role, obj):
    user_id, headers = _account(world, role, obj, fresh=obj != "own")
    return Call(path={"user_id": user_id}, headers=headers)


@plays("PUT /api/identity/users/{user_id}/roles")
def _assign(world, role, obj):
    # own: one's own roles, unchanged; other: make a member an owner; owner: demote an owner.
    user_id, headers = _account(world, role, obj, fresh=True)
    roles = {"own": [role], "other": ["owner"], "owner": ["member"]}[obj]
    return Call(
        path={"user_id": user_id},
        headers=headers,
        kwargs={"json": {"roles": [{"role": name} for name in roles]}},
    )


@plays("DELETE /api/identity/users/{user_id}/sessions/{session_id}")
def _end_session(world, role, obj):
    if obj == "own":
        user_id, username = world.user[role], world.username[role]
    else:
        user_id, username = world.new_account(["member"])
    return Call(path={"user_id": user_id, "session_id": world.new_session(user_id, username)})


@plays("POST /api/identity/users/{user_id}/impersonate")
def _impersonate(world, role, obj):
    user_id, _ = _account(world, role, obj)
    return Call(path={"user_id": user_id}, kwargs={"json": {"reason": "matrix check"}})


@plays("POST /api/identity/roles")
def _create_role(world, role, obj):
    return _json({"name": unique("Matrix"), "permissions": [WITHIN if obj == "own" else BEYOND]})


@plays("PUT /api/identity/roles/{role_id}")
def _change_role(world, role, obj):
    permissions = [WITHIN if obj == "own" else BEYOND]
    return _json(
        {"name": unique("Matrix"), "permissions": permissions}, role_id=world.new_role(permissions)
    )


@plays("DELETE /api/identity/roles/{role_id}")
def _delete_role(world, role, obj):
    return Call(path={"role_id": world.new_role([WITHIN if obj == "own" else BEYOND])})


# -- registry ------------------------------------------------------------------------------


@plays("POST /api/registry/persons")
def _register(world, role, obj):
    return _json({"first_name": "New", "last_name": unique("Matrix")})


@plays(
    "GET /api/registry/persons/{person_id}",
    "GET /api/registry/persons/{person_id}/changes",
    "GET /api/registry/persons/{person_id}/duplicates",
    "GET /api/registry/persons/{person_id}/consents",
    "GET /api/registry/persons/{person_id}/reads",
    "GET /api/registry/persons/{person_id}/journal",
    "GET /api/registry/persons/{person_id}/documents",
    "GET /api/registry/persons/{person_id}/lookups",
)
def _read_person(world, role, obj):
    return Call(path={"person_id": _person(world, role, obj)})


@plays("PATCH /api/registry/persons/{person_id}")
def _correct_person(world, role, obj):
    return _json({"phone": "070-123 45 67"}, person_id=_changed_person(world, role, obj))


@plays("POST /api/registry/persons/{person_id}/consents")
def _record_consent(world, role, obj):
    consent = {"purpose": "photos", "text_version": "matrix", "given": True}
    return _json(consent, person_id=_person(world, role, obj))


@plays("POST /api/registry/persons/{person_id}/journal")
def _write_journal(world, role, obj):
    return _json({"text": "matrix entry"}, person_id=_person(world, role, obj))


# The personnummer the matrix suite's fake SPAR knows (test_access_matrix.py starts it).
MATRIX_PERSONNUMMER = "19811218-9876"


@plays("POST /api/registry/persons/{person_id}/lookup")
def _look_up(world, role, obj):
    return _json({"personnummer": MATRIX_PERSONNUMMER}, person_id=_person(world, role, obj))


@plays("POST /api/registry/persons/{person_id}/lookup/apply")
def _take_from_register(world, role, obj):
    body = {"personnummer": MATRIX_PERSONNUMMER, "fields": ["address", "postal_code", "city"]}
    return _json(body, person_id=_changed_person(world, role, obj))


_PDF = b"%PDF-1.7\n% matrix\n"


def _document_of(world, person_id: str) -> str:
    files = {"file": ("matrix.pdf", _PDF, "application/pdf")}
    made = world.call("POST", f"/api/registry/persons/{person_id}/documents", files=files)
    return made.json()["id"]


@plays("POST /api/registry/persons/{person_id}/documents")
def _attach_document(world, role, obj):
    files = {"file": ("matrix.pdf", _PDF, "application/pdf")}
    return Call(path={"person_id": _person(world, role, obj)}, kwargs={"files": files})


@plays("GET /api/registry/documents/{document_id}")
def _download_document(world, role, obj):
    person_id = _person(world, role, obj)
    document = world.once(("document", person_id), lambda: _document_of(world, person_id))
    return Call(path={"document_id": document})


@plays("DELETE /api/registry/documents/{document_id}")
def _remove_document(world, role, obj):
    return Call(path={"document_id": _document_of(world, _person(world, role, obj))})


@plays("DELETE /api/registry/persons/{person_id}")
def _delete_person(world, role, obj):
    return Call(path={"person_id": _fresh_person(world, role, obj)})


@plays("POST /api/registry/persons/bulk")
def _bulk(world, role, obj):
    return _json(
        {
            "ids": [world.new_person()],
            "action": {"type": "set_field", "field": "phone", "value": "070-1"},
        }
    )


@plays("POST /api/registry/statuses", "POST /api/registry/interest-areas")
def _define_named(world, role, obj):
    return _json({"name": unique("Matrix")})


def _remove_named_of(kind: str):
    def build(world, role, obj):
        made = world.call("POST", f"/api/registry/{kind}", json={"name": unique("Matrix")})
        return Call(path={"row_id": made.json()["id"]})

    return build


BUILDERS["DELETE /api/registry/statuses/{row_id}"] = _remove_named_of("statuses")
BUILDERS["DELETE /api/registry/interest-areas/{row_id}"] = _remove_named_of("interest-areas")


def _field_body() -> dict:
    return {"key": unique("matrix_"), "label": "Matrix", "type": "number"}


@plays("POST /api/registry/fields")
def _define_field(world, role, obj):
    return _json(_field_body())


@plays("DELETE /api/registry/fields/{field_id}")
def _remove_field(world, role, obj):
    made = world.call("POST", "/api/registry/fields", json=_field_body()).json()
    return Call(path={"field_id": made.get("id") or made["key"]})


@plays("PUT /api/registry/required-fields/{scenario}")
def _require_nothing_more(world, role, obj):
    # extra_participant with an empty list: no other row's request is refused because of it
    return _json({"fields": []}, scenario="extra_participant")


@plays("POST /api/registry/groups")
def _create_group(world, role, obj):
    return _json({"name": unique("Matrix "), "kind": "group"})


def _group(world: World, role: str, obj: str) -> str:
    return world.own_group(role) if obj == "own" else world.other_group


@plays("GET /api/registry/groups/{group_id}", "GET /api/registry/groups/{group_id}/members")
def _read_group(world, role, obj):
    return Call(path={"group_id": _group(world, role, obj)})


@plays("PATCH /api/registry/groups/{group_id}")
def _rename_group(world, role, obj):
    return _json({"description": "Tisdagar 18-19"}, group_id=_group(world, role, obj))


@plays("DELETE /api/registry/groups/{group_id}")
def _delete_group(world, role, obj):
    leader = world.person[role] if obj == "own" else None
    return Call(path={"group_id": world.new_group(leader=leader)})


@plays("POST /api/registry/groups/{group_id}/members")
def _add_to_group(world, role, obj):
    # own: a person already in the caller's reach, to the group they lead (the group leader's
    # `reach` member; staff reach everyone). outsider: someone outside it, to that same group
    # (issue 17, finding 2). other: someone to a group the caller does not lead.
    if obj == "own" and role == "group_leader":
        # A fresh member of the group they lead (another lane's rows may remove or merge a
        # shared one), once the leader reaches them through the gateway.
        person_id = world.new_person()
        world.call(
            "POST",
            f"/api/registry/groups/{world.reach_group}/members",
            expect=204,
            json={"person_id": person_id, "role": "member"},
        )
        world.eventually(lambda: world._sees(role, person_id))
    elif obj == "own":
        person_id = world.once(("reach", role), lambda: _reach_member(world, role))
    else:
        person_id = world.new_person()
    return _json(
        {"person_id": person_id, "role": "member"},
        group_id=world.other_group if obj == "other" else world.led_group,
    )


def _reach_member(world: World, role: str) -> str:
    if role == "member":
        return world.child
    return world.new_person()


@plays("DELETE /api/registry/groups/{group_id}/members/{person_id}")
def _remove_from_group(world, role, obj):
    group = _group(world, role, obj)
    person_id = world.new_person()
    world.call(
        "POST",
        f"/api/registry/groups/{group}/members",
        expect=204,
        json={"person_id": person_id, "role": "member"},
    )
    return Call(path={"group_id": group, "person_id": person_id})


@plays("POST /api/registry/families")
def _create_family(world, role, obj):
    return _json({"name": unique("Familjen "), "head_id": world.new_person(), "members": []})


def _family(world: World, role: str, obj: str) -> str:
    return world.own_family(role) if obj == "own" else world.other_family


@plays("GET /api/registry/families/{family_id}")
def _read_family(world, role, obj):
    return Call(path={"family_id": _family(world, role, obj)})


@plays("POST /api/registry/families/{family_id}/members")
def _add_to_family(world, role, obj):
    return _json(
        {"person_id": world.new_person(), "rights": ["view"]}, family_id=_family(world, role, obj)
    )


@plays("PATCH /api/registry/families/{family_id}/members/{person_id}")
def _change_rights(world, role, obj):
    family = _family(world, role, obj)
    person_id = world.new_person()
    world.add_to_family(family, person_id)
    return _json({"rights": ["view", "book"]}, family_id=family, person_id=person_id)


@plays("DELETE /api/registry/families/{family_id}/members/{person_id}")
def _leave_family(world, role, obj):
    family = _family(world, role, obj)
    person_id = world.new_person()
    world.add_to_family(family, person_id)
    return Call(path={"family_id": family, "person_id": person_id})


@plays(
    "PUT /api/registry/persons/{person_id}/statuses/{status_id}",
    "DELETE /api/registry/persons/{person_id}/statuses/{status_id}",
)
def _status_link(world, role, obj):
    person_id = _fresh_person(world, role, obj)
    world.call("PUT", f"/api/registry/persons/{person_id}/statuses/{world.status}")
    return Call(path={"person_id": person_id, "status_id": world.status})


@plays("PUT /api/registry/persons/{person_id}/interests")
def _interests(world, role, obj):
    return _json({"interest_ids": [world.interest]}, person_id=_changed_person(world, role, obj))


@plays("POST /api/registry/persons/{person_id}/relations")
def _relate(world, role, obj):
    return _json(
        {"to_person_id": world.new_person(), "type": "partner"},
        person_id=_changed_person(world, role, obj),
    )


@plays("DELETE /api/registry/relations/{relation_id}")
def _unrelate(world, role, obj):
    return Call(path={"relation_id": world.new_relation(_changed_person(world, role, obj))})


def _pair(world: World) -> dict:
    return {"keep": world.new_person("Twin"), "remove": world.new_person("Twin")}


@plays("POST /api/registry/merges/preview", "POST /api/registry/merges")
def _merge(world, role, obj):
    return _json(_pair(world))


@plays("POST /api/registry/duplicates/exceptions")
def _not_duplicates(world, role, obj):
    pair = _pair(world)
    return _json({"person_id": pair["keep"], "other_id": pair["remove"]})


@plays("DELETE /api/registry/duplicates/exceptions")
def _withdraw_exception(world, role, obj):
    pair = _pair(world)
    body = {"person_id": pair["keep"], "other_id": pair["remove"]}
    world.call("POST", "/api/registry/duplicates/exceptions", json=body)
    return _json(body)


@plays("POST /api/registry/persons/{person_id}/exports")
def _export(world, role, obj):
    return Call(path={"person_id": _person(world, role, obj)})


@plays("GET /api/registry/exports/{export_id}", "GET /api/registry/exports/{export_id}/download")
def _follow_export(world, role, obj):
    person_id = _person(world, role, obj)
    export = world.once(("export", person_id), lambda: world.finished_export(person_id))
    return Call(path={"export_id": export})


@plays("POST /api/registry/me/exports")
def _export_own(world, role, obj):
    return Call()


@plays(
    "GET /api/registry/me/exports/{export_id}", "GET /api/registry/me/exports/{export_id}/download"
)
def _follow_own_export(world, role, obj):
    # own: the caller's own person (also for a group leader); other: the outsider's
    person_id = world.person[role] if obj == "own" else world.outsider
    export = world.once(("export", person_id), lambda: world.finished_export(person_id))
    return Call(path={"export_id": export})


# -- crm -----------------------------------------------------------------------------------


@plays("GET /api/crm/contacts/{contact_id}")
def _contact(world, role, obj):
    return Call(path={"contact_id": world.contact_of(_person(world, role, obj))})


@plays("POST /api/crm/contacts")
def _new_card(world, role, obj):
    return _json({"first_name": "Matrix", "last_name": unique("Card")})


@plays("PATCH /api/crm/contacts/{contact_id}", "POST /api/crm/contacts/{contact_id}/history")
def _write_card(world, role, obj):
    return _json({"note": "matrix"}, contact_id=world.contact_of(_person(world, role, obj)))


@plays("GET /api/crm/contacts/{contact_id}/history")
def _card_history(world, role, obj):
    return Call(path={"contact_id": world.contact_of(_person(world, role, obj))})


@plays("PATCH /api/crm/settings")
def _crm_settings(world, role, obj):
    return _json({"timezone": "Europe/Stockholm"})  # the default: changes nothing


_LABELS = {"tags": {"applies_to": "person"}, "task-types": {}, "history-types": {}}


def _label_body(url: str) -> dict:
    return {"name": unique("Matrix"), **_LABELS[url]}


def _label_builders(url: str) -> None:
    """POST and PATCH of one kind of label (tags, to-do types, history types)."""

    @plays(f"POST /api/crm/{url}")
    def _create(world, role, obj):
        return _json(_label_body(url))

    @plays(f"PATCH /api/crm/{url}/{{label_id}}")
    def _rename(world, role, obj):
        label = world.call("POST", f"/api/crm/{url}", json=_label_body(url)).json()["id"]
        return _json({"name": unique("Renamed")}, label_id=label)


for _url in _LABELS:
    _label_builders(_url)


@plays("POST /api/crm/tasks")
def _new_task(world, role, obj):
    return _json({"note": "matrix"})  # private: the caller's own


def _task(world: World, role: str, obj: str, closed: bool = False) -> str:
    """own: a private to-do the caller made (the owner's for roles that may not make one);
    other: another's private to-do (the administrator's for the owner)."""
    maker = role if obj == "own" and role in ("owner", "administrator", "manager") else "owner"
    if obj == "other":
        maker = "administrator" if role == "owner" else "owner"
    headers = world.headers[maker]
    task = world.call("POST", "/api/crm/tasks", headers=headers, json={"note": "m"}).json()["id"]
    if closed:
        world.call("POST", f"/api/crm/tasks/{task}/close", headers=headers, json={})
    return task


@plays("GET /api/crm/tasks/{task_id}")
def _read_task(world, role, obj):
    return Call(path={"task_id": _task(world, role, obj)})


@plays("PATCH /api/crm/tasks/{task_id}")
def _edit_task(world, role, obj):
    return _json({"note": "edited"}, task_id=_task(world, role, obj))


@plays("POST /api/crm/tasks/{task_id}/close")
def _close_task(world, role, obj):
    return _json({}, task_id=_task(world, role, obj))


@plays("POST /api/crm/tasks/{task_id}/reopen")
def _reopen_task(world, role, obj):
    return Call(path={"task_id": _task(world, role, obj, closed=True)})


@plays("POST /api/crm/mailouts/preview")
def _preview(world, role, obj):
    return _json({"audience": {"q": "no-such-matrix-card"}})


def _empty_mailout() -> dict:
    return {"audience": {"q": "no-such-matrix-card"}, "template": "matrix"}


@plays("POST /api/crm/mailouts")
def _mailout(world, role, obj):
    return _json(_empty_mailout())


@plays("GET /api/crm/mailouts/{mailout_id}", "GET /api/crm/mailouts/{mailout_id}/recipients")
def _read_mailout(world, role, obj):
    mailout = world.once(
        "mailout",
        lambda: world.call("POST", "/api/crm/mailouts", json=_empty_mailout()).json()["id"],
    )
    return Call(path={"mailout_id": mailout})


# -- imports -------------------------------------------------------------------------------


@plays("POST /api/imports/jobs")
def _upload(world, role, obj):
    content = "Förnamn;Efternamn\nUpp;Laddad\n".encode()
    return Call(
        kwargs={
            "data": {"type": "customers"},
            "files": {"file": ("matrix.csv", content, "text/csv")},
        }
    )


@plays(
    "GET /api/imports/jobs/{job_id}",
    "GET /api/imports/jobs/{job_id}/preview",
    "GET /api/imports/jobs/{job_id}/rows",
    "GET /api/imports/jobs/{job_id}/errors.csv",
    "GET /api/imports/jobs/{job_id}/errors.xlsx",
    "GET /api/imports/jobs/{job_id}/set-aside.csv",
    "GET /api/imports/jobs/{job_id}/set-aside.xlsx",
    "POST /api/imports/jobs/{job_id}/undo",
)
def _read_job(world, role, obj):
    return Call(path={"job_id": world.job_of(role, obj)})


@plays("PUT /api/imports/jobs/{job_id}/mapping")
def _map_job(world, role, obj):
    return _json(world.mapping(), job_id=world.job_of(role, obj))


@plays("DELETE /api/imports/jobs/{job_id}")
def _delete_job(world, role, obj):
    return Call(path={"job_id": world.job_of(role, obj, fresh=True)})


@plays("POST /api/imports/jobs/{job_id}/dry-run", "POST /api/imports/jobs/{job_id}/run")
def _start_job(world, role, obj):
    return Call(path={"job_id": world.job_of(role, obj, fresh=True, mapped=True)})


@plays("POST /api/imports/mappings")
def _save_mapping(world, role, obj):
    return _json({"kind": "customers", "name": unique("Matrix"), **world.mapping()})


import matrix_calls_notify  # noqa: E402, F401  (notify's routes register themselves)
