"""The seeded suite the access matrix is played against (tests_e2e/access_matrix.csv).

Per built-in role: a login account with its own person. The group leader leads group `led`,
whose member is the member role's person; the member heads a family with a child; the group
leader heads a family of their own and leads a second group (`reach`) whose member is already
within their scope. Everything else (`outsider`, `other_group`, `other_family`, the bystander
account) is outside every scoped role's reach. Objects a call destroys or changes for good are
made fresh by the builders (matrix_calls.py), so the rows can be played in any order.
"""

from __future__ import annotations

import threading
import uuid

import requests

from foyer_shared.access import BUILT_IN_ROLE_NAMES

ROLES = BUILT_IN_ROLE_NAMES
PASSWORD = "matrix-long-passphrase-9"
SCOPED = ("group_leader", "member")
IMPORTERS = ("owner", "administrator", "manager")  # may upload import jobs

CSV_BODY = "Förnamn;Efternamn;E-post\n{first};{last};{email}\n"


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


class World:
    """Seed objects, the callers' tokens, and factories for fresh objects (all via the owner)."""

    def __init__(self, gateway: str, owner_headers: dict, eventually):
        self.gateway = gateway
        self.owner = owner_headers
        self.eventually = eventually
        self._local = threading.local()
        self._lock = threading.Lock()
        self.person: dict[str, str] = {}
        self.user: dict[str, str] = {}
        self.username: dict[str, str] = {}
        self.headers: dict[str, dict] = {}
        self._cache: dict = {}

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def http(self) -> requests.Session:
        """One connection pool per thread (rows are played by a few threads at once)."""
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def call(
        self,
        method: str,
        path: str,
        expect: int | tuple = (200, 201, 202, 204),
        headers: dict | None = None,
        **kwargs,
    ) -> requests.Response:
        response = self.http.request(
            method, f"{self.gateway}{path}", headers=headers or self.owner, timeout=30, **kwargs
        )
        expected = expect if isinstance(expect, tuple) else (expect,)
        assert response.status_code in expected, (
            method,
            path,
            response.status_code,
            response.text[:500],
        )
        return response

    def once(self, key, make):
        """A shared object made on first use (under a lock: made once even across threads)."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    # -- seeding ----------------------------------------------------------------------------

    def seed(self) -> World:
        for role in ROLES:
            self.person[role] = self.new_person(role.capitalize())
            user_id, username = self.new_account([role], self.person[role])
            self.user[role], self.username[role] = user_id, username
            self.headers[role] = self.login(username)
        self.outsider = self.new_person("Outsider")
        self.bystander_user, _ = self.new_account(["member"], self.new_person("Bystander"))
        self.led_group = self.new_group(
            leader=self.person["group_leader"], members=[self.person["member"]]
        )
        self.reach_person = self.new_person("Reach")
        self.reach_group = self.new_group(
            leader=self.person["group_leader"], members=[self.reach_person]
        )
        self.other_group = self.new_group(members=[self.outsider])
        self.child = self.new_person("Child")
        self.family = {
            "member": self.new_family(self.person["member"], [self.child]),
            "group_leader": self.new_family(self.person["group_leader"], [self.new_person("Kid")]),
        }
        self.other_head, self.other_relative = self.new_person("Head"), self.new_person("Rel")
        self.other_family = self.new_family(self.other_head, [self.other_relative])
        self.status = self.call(
            "POST", "/api/registry/statuses", json={"name": unique("Matrix")}
        ).json()["id"]
        self.interest = self.call(
            "POST", "/api/registry/interest-areas", json={"name": unique("Matrix")}
        ).json()["id"]
        # Group and family scopes reach the gateway by events; wait until they are in place.
        # Both groups the leader leads count: rows add the reach group's member to the led one.
        for role, person_id in (
            ("group_leader", self.person["member"]),
            ("group_leader", self.reach_person),
            ("member", self.child),
        ):
            self.eventually(lambda role=role, person_id=person_id: self._sees(role, person_id))
        # notify learns persons from the registry's events; its rows send to and preview the
        # outsider, which it answers 422 (unknown person) until that event has arrived.
        self.eventually(lambda: self.notify_knows(self.outsider), timeout=30)
        return self

    def _sees(self, role: str, person_id: str) -> bool:
        response = self.http.get(
            f"{self.gateway}/api/registry/persons/{person_id}",
            headers=self.headers[role],
            timeout=10,
        )
        return response.status_code == 200

    def notify_knows(self, person_id: str) -> bool:
        answer = self.http.post(
            f"{self.gateway}/api/notify/templates/staff_message/preview",
            headers=self.owner,
            json={"person_id": person_id},
            timeout=10,
        )
        return answer.status_code == 200

    # -- factories (fresh objects) ----------------------------------------------------------

    def new_person(self, first: str = "Fresh") -> str:
        return self.call(
            "POST",
            "/api/registry/persons",
            expect=201,
            json={
                "first_name": first,
                "last_name": unique("Matrix"),
            },
        ).json()["id"]

    def new_account(
        self, roles: list[str], person_id: str | None = None, password: str | None = PASSWORD
    ) -> tuple[str, str]:
        username = unique("mx")
        body = {
            "username": username,
            "email": f"{username}@example.se",
            "roles": roles,
            "person_id": person_id,
        }
        if password:
            body["password"] = password
        made = self.call("POST", "/api/identity/users", expect=201, json=body)
        return made.json()["id"], username

    def login_pair(self, username: str) -> dict:
        return self.call(
            "POST",
            "/api/identity/auth/login",
            expect=200,
            headers={},
            json={"username": username, "password": PASSWORD},
        ).json()

    def login(self, username: str) -> dict:
        return {"Authorization": f"Bearer {self.login_pair(username)['access_token']}"}

    def fresh_caller(self, role: str) -> tuple[str, dict]:
        """A new account of `role` (with a person), for calls that end the caller's sessions."""
        user_id, username = self.new_account([role], self.new_person(role.capitalize()))
        return user_id, self.login(username)

    def new_session(self, user_id: str, username: str) -> str:
        """Log in once more and return that session's id (the newest of the account)."""
        self.login_pair(username)
        sessions = self.call("GET", f"/api/identity/users/{user_id}/sessions").json()
        return max(sessions, key=lambda s: s["created_at"])["id"]

    def new_group(self, leader: str | None = None, members: list[str] = ()) -> str:
        group = self.call(
            "POST",
            "/api/registry/groups",
            expect=201,
            json={"name": unique("Matrix "), "kind": "team"},
        ).json()["id"]
        for person_id, role in ([(leader, "leader")] if leader else []) + [
            (m, "member") for m in members
        ]:
            self.call(
                "POST",
                f"/api/registry/groups/{group}/members",
                expect=204,
                json={"person_id": person_id, "role": role},
            )
        return group

    def new_family(self, head: str, members: list[str]) -> str:
        return self.call(
            "POST",
            "/api/registry/families",
            expect=201,
            json={
                "name": unique("Familjen "),
                "head_id": head,
                "members": [{"person_id": m, "rights": ["view", "manage"]} for m in members],
            },
        ).json()["id"]

    def add_to_family(self, family: str, person_id: str) -> None:
        self.call("POST", f"/api/registry/families/{family}/members", json={"person_id": person_id})

    def new_relation(self, person_id: str) -> str:
        return self.call(
            "POST",
            f"/api/registry/persons/{person_id}/relations",
            expect=201,
            json={"to_person_id": self.new_person(), "type": "partner"},
        ).json()["id"]

    def new_role(self, permissions: list[str]) -> str:
        return self.call(
            "POST",
            "/api/identity/roles",
            expect=201,
            json={
                "name": unique("Matrix"),
                "permissions": permissions,
            },
        ).json()["id"]

    def new_job(self, headers: dict | None = None, mapped: bool = False) -> str:
        content = CSV_BODY.format(
            first="Import", last=unique("Matrix"), email=f"{unique('imp')}@example.se"
        )
        uploaded = self.call(
            "POST",
            "/api/imports/jobs",
            expect=201,
            headers=headers,
            data={"type": "customers"},
            files={"file": ("matrix.csv", content.encode(), "text/csv")},
        )
        job_id = uploaded.json()["job"]["id"]
        if mapped:
            self.call(
                "PUT", f"/api/imports/jobs/{job_id}/mapping", headers=headers, json=self.mapping()
            )
        return job_id

    @staticmethod
    def mapping() -> dict:
        return {
            "columns": {"Förnamn": "first_name", "Efternamn": "last_name", "E-post": "email"},
            "mode": "create_only",
            "match_on": "email",
            "options": {},
        }

    def job_of(self, role: str, which: str, fresh: bool = False, mapped: bool = False) -> str:
        """own: uploaded by the caller (or by the owner when the role may not upload)."""
        uploader = role if which == "own" and role in IMPORTERS else "owner"
        headers = self.headers[uploader] if uploader != "owner" else self.owner
        if fresh:
            return self.new_job(headers, mapped)
        return self.once(("job", uploader), lambda: self.new_job(headers, mapped=True))

    def finished_export(self, person_id: str) -> str:
        export = self.call("POST", f"/api/registry/persons/{person_id}/exports", expect=202).json()[
            "id"
        ]
        self.eventually(
            lambda: (
                self.call("GET", f"/api/registry/exports/{export}").json()["status"] != "pending"
            ),
            timeout=90,
        )
        return export

    def contact_of(self, person_id: str) -> str:
        def found():
            listed = self.call("GET", "/api/crm/contacts", params={"person_id": person_id})
            return listed.json()[0]["id"] if listed.json() else None

        return self.once(("contact", person_id), lambda: self.eventually(found))

    # -- the caller's objects ---------------------------------------------------------------

    def own_person(self, role: str) -> str:
        """Themselves; for a group leader the member of the group they lead."""
        return self.person["member"] if role == "group_leader" else self.person[role]

    def own_family(self, role: str) -> str:
        return self.family.get(role, self.family["member"])

    def own_group(self, role: str) -> str:
        return self.led_group
