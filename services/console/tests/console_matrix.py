"""The console's access matrix as a table: every route of every blueprint, what it needs and
what a user holding exactly that gets (tests/unit/test_access_matrix.py checks it)."""

from __future__ import annotations

import re

# Public routes (every method), each with why no session is asked for.
PUBLIC = {
    "/": "sends the visitor on: to search when signed in, else to the log-in page",
    "/login": "the log-in page itself",
    "/logout": "ends whatever session there is; signed out it only shows the log-in page",
    "/forgot-password": "asks for a reset link; same answer whether or not an account matches",
    "/activate": "the activation mail's link: the token is the credential",
    "/reset-password": "the reset mail's link: the token is the credential",
    "/confirm-email": "the confirmation mail's link: the token is the credential",
    "/language": "only sets the language cookie",
    "/health": "the liveness probe",
    "/ready": "the readiness probe",
    "/static/<path:filename>": "the stylesheet, the script and the icon",
}

# Permissions, by the name the rows use.
READ, WRITE, ALL = "registry.persons.read", "registry.persons.write", "registry.persons.all"
OWN = READ  # a member's own pages: every role holds it; the registry narrows it to the caller
# "Signed in": identity adds it to every active account; the API asks it for one's own account
SIGNED_IN = "identity.own_account.manage"
DELETE, EXPORT = "registry.persons.delete", "registry.persons.export"
MERGE = "registry.persons.merge"
STATUSES, LOOKUP = "registry.statuses.write", "registry.lookups.use"
FAMILIES, RELATIONS = "registry.families.write", "registry.relations.write"
JOURNAL, DUPLICATES = "registry.journal.write", "registry.duplicates.read"
DOCS, DOCS_WRITE = "registry.documents.read", "registry.documents.write"
JOBS, JOBS_WRITE, JOBS_RUN = "imports.jobs.read", "imports.jobs.write", "imports.jobs.run"
CONTACTS, CONTACTS_WRITE = "crm.contacts.read", "crm.contacts.write"
TASKS, TASKS_WRITE = "crm.tasks.read", "crm.tasks.write"
MAILOUTS, CRM_SETTINGS = "crm.mailouts.send", "crm.settings.write"
USERS, MANAGE = "identity.users.read", "identity.users.manage"
ROLES, AUDIT = "identity.roles.manage", "identity.audit.read"

PERSON = "/persons/<uuid:person_id>"
FAMILY = f"{PERSON}/family/<uuid:family_id>/members"
KIND = "/crm/settings/<any('tags', 'task-types', 'history-types'):kind>"
JOB = "/imports/<uuid:job_id>"
USER = "/staff/<uuid:user_id>"
# (method, rule, the permission it needs (or all of several), the status with exactly that)
MATRIX = [
    ("GET", "/search", READ, 200),
    ("GET", PERSON, READ, 200),
    ("GET", f"{PERSON}/edit", WRITE, 200),
    ("POST", f"{PERSON}/edit", WRITE, 302),
    ("POST", f"{PERSON}/delete", DELETE, 302),
    ("POST", f"{PERSON}/statuses", STATUSES, 302),
    ("POST", f"{PERSON}/interests", WRITE, 302),
    ("GET", "/persons/new", (WRITE, ALL), 200),
    ("POST", "/persons/new", (WRITE, ALL), 302),
    ("POST", f"{PERSON}/consents", WRITE, 302),
    ("POST", f"{PERSON}/journal", JOURNAL, 302),
    ("GET", f"{PERSON}/lookup", LOOKUP, 200),
    ("POST", f"{PERSON}/lookup", LOOKUP, 200),
    ("POST", f"{PERSON}/lookup/apply", LOOKUP, 302),
    ("GET", "/persons/<uuid:keep>/merge/<uuid:remove>", MERGE, 200),
    ("POST", "/persons/<uuid:keep>/merge/<uuid:remove>", MERGE, 302),
    ("GET", "/duplicates", DUPLICATES, 200),
    ("POST", "/duplicates/not-duplicates", MERGE, 302),
    ("POST", f"{PERSON}/family", FAMILIES, 302),
    ("GET", f"{FAMILY}/new", FAMILIES, 200),
    ("POST", FAMILY, FAMILIES, 302),
    ("POST", f"{FAMILY}/<uuid:member_id>", FAMILIES, 302),
    ("POST", f"{FAMILY}/<uuid:member_id>/delete", FAMILIES, 302),
    ("GET", f"{PERSON}/relations/new", RELATIONS, 200),
    ("POST", f"{PERSON}/relations", RELATIONS, 302),
    ("POST", f"{PERSON}/relations/<uuid:relation_id>/delete", RELATIONS, 302),
    ("GET", "/documents/<uuid:document_id>", DOCS, 200),
    ("POST", f"{PERSON}/documents", DOCS_WRITE, 302),
    ("POST", f"{PERSON}/documents/<uuid:document_id>/delete", DOCS_WRITE, 302),
    ("POST", f"{PERSON}/export", EXPORT, 302),
    ("GET", "/exports/<uuid:export_id>", EXPORT, 200),
    ("GET", "/exports/<uuid:export_id>/status.json", EXPORT, 200),
    ("GET", "/exports/<uuid:export_id>/download", EXPORT, 200),
    ("POST", f"{PERSON}/login-email", MANAGE, 302),
    ("POST", f"{PERSON}/crm", CONTACTS_WRITE, 302),
    ("POST", f"{PERSON}/crm/history", CONTACTS_WRITE, 302),
    # A member's own pages: the console asks for their own card only (test_access_objects.py).
    ("GET", "/me/data", OWN, 200),
    ("POST", "/me/data", OWN, 302),
    ("GET", "/me/data/<uuid:export_id>", OWN, 200),
    ("GET", "/me/data/<uuid:export_id>/status.json", OWN, 200),
    ("GET", "/me/data/<uuid:export_id>/download", OWN, 200),
    ("GET", "/me/interests", OWN, 200),
    ("POST", "/me/interests", WRITE, 302),
    ("GET", "/me/family", OWN, 200),
    ("GET", "/me/messages", SIGNED_IN, 200),
    ("GET", "/account", SIGNED_IN, 200),
    ("POST", "/account", SIGNED_IN, 302),
    ("GET", "/imports", JOBS, 200),
    ("POST", "/imports", JOBS_WRITE, 302),
    ("GET", JOB, JOBS, 200),
    ("GET", f"{JOB}/mapping", JOBS_WRITE, 200),
    ("POST", f"{JOB}/mapping", JOBS_WRITE, 302),
    ("POST", f"{JOB}/statuses", JOBS_WRITE, 302),
    ("GET", f"{JOB}/progress.json", JOBS, 200),
    ("POST", f"{JOB}/<any('dry-run', 'run', 'undo'):step>", JOBS_RUN, 302),
    ("GET", f"{JOB}/<any('errors', 'set-aside'):which>.<any('csv', 'xlsx'):fmt>", JOBS, 200),
    ("POST", f"{JOB}/activation", MANAGE, 302),
    ("GET", f"{JOB}/activation/<uuid:run_id>", MANAGE, 200),
    ("GET", f"{JOB}/activation/<uuid:run_id>/progress.json", MANAGE, 200),
    ("GET", "/crm/contacts", CONTACTS, 200),
    ("GET", "/todos", TASKS, 200),
    ("GET", "/todos/<uuid:task_id>", TASKS, 200),
    ("POST", "/todos/<uuid:task_id>/close", TASKS_WRITE, 302),
    ("POST", "/todos/<uuid:task_id>/reopen", TASKS_WRITE, 302),
    ("GET", "/todos/cards/<uuid:contact_id>", CONTACTS, 302),
    ("GET", "/todos/new", TASKS_WRITE, 200),
    ("POST", "/todos/new", TASKS_WRITE, 302),
    ("GET", "/todos/<uuid:task_id>/edit", TASKS_WRITE, 200),
    ("POST", "/todos/<uuid:task_id>/edit", TASKS_WRITE, 302),
    ("GET", "/crm/mailouts", MAILOUTS, 200),
    ("GET", "/crm/mailouts/new", MAILOUTS, 200),
    ("POST", "/crm/mailouts/new", MAILOUTS, 302),
    ("GET", "/crm/mailouts/<uuid:mailout_id>", MAILOUTS, 200),
    ("GET", "/crm/mailouts/<uuid:mailout_id>/progress.json", MAILOUTS, 200),
    ("GET", "/crm/settings", CRM_SETTINGS, 200),
    ("POST", "/crm/settings", CRM_SETTINGS, 302),
    ("GET", KIND, CRM_SETTINGS, 200),
    ("POST", KIND, CRM_SETTINGS, 302),
    ("POST", f"{KIND}/<uuid:label_id>", CRM_SETTINGS, 302),
    ("GET", "/accounts", USERS, 200),
    ("GET", "/staff", USERS, 200),
    ("GET", USER, USERS, 200),
    ("POST", f"{USER}/roles", MANAGE, 302),
    ("POST", f"{USER}/<any('deactivate', 'reactivate', 'activation'):action>", MANAGE, 302),
    ("GET", "/staff/roles", USERS, 200),
    ("GET", "/staff/roles/new", ROLES, 200),
    ("POST", "/staff/roles/new", ROLES, 302),
    ("GET", "/staff/roles/<uuid:role_id>", ROLES, 200),
    ("POST", "/staff/roles/<uuid:role_id>", ROLES, 302),
    ("GET", "/staff/roles/<uuid:role_id>/delete", ROLES, 200),
    ("POST", "/staff/roles/<uuid:role_id>/delete", ROLES, 302),
    ("GET", "/staff/audit", AUDIT, 200),
    ("GET", "/staff/explain", MANAGE, 200),
]


def needs(row) -> tuple[str, ...]:
    """The permissions a row asks for."""
    _method, _rule, need, _status = row
    return (need,) if isinstance(need, str) else tuple(need)


def every_permission() -> set[str]:
    return {permission for row in MATRIX for permission in needs(row)}


_PART = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def address(rule: str, ids: dict[str, str]) -> str:
    """The rule with each part filled in: an id by its name, a choice by its first option."""

    def filled(part: re.Match) -> str:
        converter, options, name = part.groups()
        if converter == "any":
            return options.split(",")[0].strip().strip("'\"")
        return ids[name]

    return _PART.sub(filled, rule)
