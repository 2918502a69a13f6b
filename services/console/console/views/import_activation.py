"""“Send activation to the new accounts” after an import: one request to notify's bulk
activation, and its page with the counts of links issued, accounts skipped and mails sent."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("import_activation", __name__, url_prefix="/imports")
# notify asks what identity asks for one new activation link (docs/notify.md).
MANAGE = "identity.users.manage"
WAITING = ("queued", "sending")


@blp.post("/<uuid:job_id>/activation")
@requires(MANAGE)
def start(job_id):
    try:
        run = api.json("POST", "/api/notify/activation-runs", json={"import_job_id": str(job_id)})
    except ApiError as refused:
        if refused.status not in (403, 409, 422):
            raise
        flash(refused.field_errors().get("import_job_id") or refused.message, "error")
        return redirect(url_for("imports.job", job_id=job_id))
    return redirect(url_for("import_activation.show", job_id=job_id, run_id=run["id"]))


@blp.get("/<uuid:job_id>/activation/<uuid:run_id>")
@requires(MANAGE)
def show(job_id, run_id):
    run = api.json("GET", f"/api/notify/activation-runs/{run_id}")
    return render_template(
        "import_activation.html", job_id=job_id, run=run, counts=counts(run), done=_done(run)
    )


@blp.get("/<uuid:job_id>/activation/<uuid:run_id>/progress.json")
@requires(MANAGE)
def progress(job_id, run_id):
    run = api.json("GET", f"/api/notify/activation-runs/{run_id}")
    return {"state": run["state"], "counts": counts(run), "done": _done(run)}


def counts(run: dict) -> dict[str, int]:
    """The numbers the page shows, each named as the page's `data-live-count` names it."""
    messages = run.get("messages") or {}
    return {
        "accounts": run.get("accounts", 0),
        "issued": run.get("links_issued", 0),
        "skipped": run.get("skipped", 0),
        "sent": messages.get("sent", 0),
        "failed": messages.get("failed", 0),
        "waiting": sum(messages.get(state, 0) for state in WAITING),
    }


def _done(run: dict) -> bool:
    return run.get("state") == "done"
