"""Repo-root shim: with the repo root on sys.path this folder shadows the package; serve it."""

# pytest and gunicorn (cwd = repo root) put the root on sys.path, where this project folder,
# also named `gateway`, would be found first as an empty namespace package.
from pathlib import Path

__path__ = [str(Path(__file__).resolve().parent / "gateway")]


def create_app(settings=None):
    # Imported on call, not here: gateway.gunicorn_conf must set PROMETHEUS_MULTIPROC_DIR
    # before anything imports prometheus_client.
    from gateway.app import create_app as _create_app

    return _create_app(settings)


__all__ = ["create_app"]
