"""Readiness for the gateway's /health: the console holds nothing that could be unready."""

from flask import Blueprint

from console import csrf

blp = Blueprint("health", __name__)


@blp.get("/ready")
@csrf.exempt
def ready():
    return {"status": "ready"}
