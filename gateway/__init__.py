"""Repo-root shim: with the repo root on sys.path this folder shadows the package; serve it."""

# pytest and gunicorn (cwd = repo root) put the root on sys.path, where this project folder,
# also named `gateway`, would be found first as an empty namespace package.
from pathlib import Path

__path__ = [str(Path(__file__).resolve().parent / "gateway")]

from gateway.app import create_app  # noqa: E402

__all__ = ["create_app"]
