"""Alembic environment of notify: its own metadata only."""

from foyer_shared.migrations import run_env
from notify.models import Base

run_env(Base.metadata)
