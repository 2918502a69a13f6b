"""activation_runs: bulk activation after an import; the bulk id travels in identity's events

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = foyer_shared.db.UUIDStr(length=36)


def upgrade() -> None:
    op.create_table(
        "activation_runs",
        sa.Column("id", _ID, nullable=False),
        sa.Column("import_job_id", _ID, nullable=False),
        sa.Column("requested_by", _ID, nullable=True),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("created_at", foyer_shared.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activation_runs", schema=None) as batch_op:
        batch_op.create_index("ix_activation_runs_import_job_id", ["import_job_id"], unique=False)


def downgrade() -> None:
    op.drop_table("activation_runs")
