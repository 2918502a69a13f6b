"""A member's own pages: my interests (tick and save), my family, my messages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import self_service as own
from console.access import OWN_ACCOUNT, requires

blp = Blueprint("self_service", __name__, url_prefix="/me")


@blp.get("/interests")
@requires(own.OWN)
def interests():
    areas, held = own.interests()
    return render_template("my_interests.html", areas=areas, held=held)


@blp.post("/interests")
@requires(own.OWN_WRITE)  # a change: what the registry's PUT asks, and the form is shown for
def save_interests():
    own.choose_interests(request.form.getlist("interest_id"))
    flash(_("Your interests are saved."))
    return redirect(url_for("self_service.interests"))


@blp.get("/family")
@requires(own.OWN)
def family():
    found, mine = own.family()
    return render_template("my_family.html", family=found, mine=mine)


@blp.get("/messages")
@requires(OWN_ACCOUNT)  # notify asks it for the log: every active account
def messages():
    return render_template("my_messages.html", comms=own.messages())
