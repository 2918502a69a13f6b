"""Alembic environment of identity: its own metadata only."""

from foyer_shared.migrations import run_env
from identity.models import Base

run_env(Base.metadata)
