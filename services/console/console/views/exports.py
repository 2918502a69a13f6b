"""The GDPR export of one person: started from the card, followed, then downloaded; and a
member's own ("My data", no staff permission: the registry's /me/exports)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from console import api
from console.access import requires
from console.files import passed_on

blp = Blueprint("exports", __name__)


@blp.post("/persons/<uuid:person_id>/export")
@requires("registry.persons.export")
def start(person_id):
    export = api.json("POST", f"/api/registry/persons/{person_id}/exports")
    return redirect(url_for("exports.show", export_id=export["id"]))


@blp.get("/exports/<uuid:export_id>")
@requires("registry.persons.export")
def show(export_id):
    export = api.json("GET", f"/api/registry/exports/{export_id}")
    return render_template(
        "export.html",
        export=export,
        status_url=url_for("exports.status", export_id=export_id),
        download_url=url_for("exports.download", export_id=export_id),
        back_url=url_for("persons.card", person_id=export["person_id"]),
    )


@blp.get("/exports/<uuid:export_id>/status.json")
@requires("registry.persons.export")
def status(export_id):
    export = api.json("GET", f"/api/registry/exports/{export_id}")
    return {"state": export["status"], "done": export["status"] != "pending"}


@blp.get("/exports/<uuid:export_id>/download")
@requires("registry.persons.export")
def download(export_id):
    answer = api.get(f"/api/registry/exports/{export_id}/download", stream=True)
    return passed_on(answer, "application/zip")


OWN = "registry.persons.read"  # what a member holds: the registry narrows it to themselves


@blp.route("/me/data", methods=["GET", "POST"])
@requires(OWN)
def own():
    """A member's own export: what it is, and a button that starts (or follows) it."""
    if request.method == "POST":
        export = api.json("POST", "/api/registry/me/exports")
        return redirect(url_for("exports.own_show", export_id=export["id"]))
    return render_template("my_data.html")


@blp.get("/me/data/<uuid:export_id>")
@requires(OWN)
def own_show(export_id):
    export = api.json("GET", f"/api/registry/me/exports/{export_id}")
    return render_template(
        "export.html",
        export=export,
        status_url=url_for("exports.own_status", export_id=export_id),
        download_url=url_for("exports.own_download", export_id=export_id),
        back_url=url_for("exports.own"),
    )


@blp.get("/me/data/<uuid:export_id>/status.json")
@requires(OWN)
def own_status(export_id):
    export = api.json("GET", f"/api/registry/me/exports/{export_id}")
    return {"state": export["status"], "done": export["status"] != "pending"}


@blp.get("/me/data/<uuid:export_id>/download")
@requires(OWN)
def own_download(export_id):
    answer = api.get(f"/api/registry/me/exports/{export_id}/download", stream=True)
    return passed_on(answer, "application/zip")
