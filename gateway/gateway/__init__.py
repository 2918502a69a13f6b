"""Foyer gateway: one entrance that routes, checks access and signs contexts for the services.

Run: gunicorn -k gthread --threads 16 -b 0.0.0.0:8080 "gateway:create_app()"
"""

from __future__ import annotations


def create_app(settings=None):
    from gateway.app import create_app as _create_app

    return _create_app(settings)
