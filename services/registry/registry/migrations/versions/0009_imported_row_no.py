"""imported_persons.row_no: the file row that created the person

Revision ID: 0009
Revises: 0008

A later row of the same file with the person's key (a personnummer twice in a register) is
reported as a duplicate in the file naming that row (import_batch._mark_repeats).
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("imported_persons", sa.Column("row_no", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imported_persons") as table:
        table.drop_column("row_no")
