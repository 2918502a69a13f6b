"""A member's own pages: my interests (tick and save), my family, my messages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import self_service as own
from console.access import requires

blp = Blueprint("self_service", __name__, url_prefix="/me")


@blp.route("/interests", methods=["GET", "POST"])
@requires(own.OWN)
def interests():
    if request.method == "POST":
        own.choose_interests(request.form.getlist("interest_id"))
        flash(_("Your interests are saved."))
        return redirect(url_for("self_service.interests"))
    areas, held = own.interests()
    return render_template("my_interests.html", areas=areas, held=held)


@blp.get("/family")
@requires(own.OWN)
def family():
    found, mine = own.family()
    return render_template("my_family.html", family=found, mine=mine)


@blp.get("/messages")
@requires(own.SIGNED_IN)
def messages():
    return render_template("my_messages.html", comms=own.messages())
