"""Liveness and readiness probes: the console holds nothing that could be unready."""

from flask import Blueprint

from console import csrf

blp = Blueprint("health", __name__)


@blp.get("/ready")
@csrf.exempt
def ready():
    return {"status": "ready"}


@blp.get("/health")
@csrf.exempt
def health():
    return {"status": "ok"}
