"""accounts: identity's login accounts as notify needs them (person, import, bulk activation)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ID = foyer_shared.db.UUIDStr(length=36)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("user_id", _ID, nullable=False),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("username", sa.String(150), nullable=True),
        sa.Column("import_job_id", _ID, nullable=True),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        for column in ("person_id", "import_job_id"):
            batch_op.create_index(f"ix_accounts_{column}", [column], unique=False)


def downgrade() -> None:
    op.drop_table("accounts")
