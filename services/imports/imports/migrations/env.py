"""Alembic environment of imports: its own metadata only."""

from foyer_shared.migrations import run_env
from imports.models import Base

run_env(Base.metadata)
