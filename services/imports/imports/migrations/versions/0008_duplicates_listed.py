"""Duplicates in the file are listed for review: batches.duplicates, row_outcomes.duplicate_of_row

Revision ID: 0008
Revises: 0007

A row repeating an earlier row's e-mail was counted (duplicates_in_file) but could not be
found: its outcome now names the earlier row (GET /jobs/{id}/rows?duplicates=true).
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("batches", sa.Column("duplicates", sa.JSON(), nullable=True))
    op.add_column("row_outcomes", sa.Column("duplicate_of_row", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("row_outcomes") as table:
        table.drop_column("duplicate_of_row")
    with op.batch_alter_table("batches") as table:
        table.drop_column("duplicates")
