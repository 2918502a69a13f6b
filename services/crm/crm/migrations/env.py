"""Alembic environment of the CRM: its own metadata only."""

from crm.models import Base
from foyer_shared.migrations import run_env

run_env(Base.metadata)
