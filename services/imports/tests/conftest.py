"""A fresh imports service on PostgreSQL per test run; tables emptied between tests."""

import dataclasses
import io
import sys
import tempfile
from pathlib import Path

import pytest

from foyer_testing.fixtures import service_fixtures
from imports import create_app
from imports.models import Base
from imports.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "imports" / "migrations"
# Test modules import helpers from imports_testing.py (pytest runs with --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parent))

UPLOADS = tempfile.mkdtemp(prefix="foyer-imports-test-")

settings, app, db, client, as_staff = service_fixtures(
    "imports", create_app, Settings, Base, MIGRATIONS, upload_dir=UPLOADS
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(name="fixtures")
def fixtures_fixture() -> Path:
    """The folder of sample files (copied from the shared samples) and the generator."""
    return FIXTURES


@pytest.fixture(name="answers")
def answers_fixture():
    """answers("customers_sv") → {row number: expected verdict} from the .answers.tsv."""

    def read(name: str) -> dict[int, str]:
        lines = (FIXTURES / f"{name}.answers.tsv").read_text(encoding="utf-8").splitlines()
        return {int(n): v for n, v in (line.split("\t", 1) for line in lines if line)}

    return read


WRITE, RUN, READ = "imports.jobs.write", "imports.jobs.run", "imports.jobs.read"


@pytest.fixture(name="upload")
def upload_fixture(client, as_staff):
    """upload(bytes_or_path, filename, kind="customers", client=None, **form) → response."""

    def send(content, filename=None, kind="customers", via=None, **form):
        if isinstance(content, Path):
            filename = filename or content.name
            content = content.read_bytes()
        data = {"file": (io.BytesIO(content), filename or "file.csv"), **form}
        if kind is not None:
            data["type"] = kind
        return (via or client).post(
            "/jobs",
            data=data,
            content_type="multipart/form-data",
            headers=as_staff("POST", "/jobs", WRITE),
        )

    return send


@pytest.fixture(name="app_with")
def app_with_fixture(settings, db):
    """app_with(max_rows=5) → a test client of an app built with changed settings."""

    def make(**changes):
        return create_app(dataclasses.replace(settings, **changes)).test_client()

    return make
