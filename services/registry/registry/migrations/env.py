"""Alembic environment of the registry: its own metadata only."""

from foyer_shared.migrations import run_env
from registry.models import Base

run_env(Base.metadata)
