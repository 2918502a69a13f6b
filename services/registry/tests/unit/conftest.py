"""The unit tier: use cases on an in-memory unit of work (tests/registry_fakes/), no I/O."""

from __future__ import annotations

import pytest
from registry_fakes import FakeUnitOfWork


@pytest.fixture()
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()
