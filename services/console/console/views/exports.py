"""The GDPR export of one person: started from the card, followed, then downloaded."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

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
    return render_template("export.html", export=export)


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
