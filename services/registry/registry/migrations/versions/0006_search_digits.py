"""search text also holds org and external numbers as digits only

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New rows get this from Person.refresh_search_text; existing ones here (PostgreSQL; an
    # embedded SQLite register is refreshed as its persons are next changed).
    if op.get_bind().dialect.name == "postgresql":
        for column in ("org_number", "external_number"):
            op.execute(
                f"UPDATE persons SET search_text = search_text || ' ' || "
                f"regexp_replace({column}, '[^0-9]', '', 'g') "
                f"WHERE {column} ~ '[^0-9]' AND {column} ~ '[0-9]'"
            )


def downgrade() -> None:
    pass  # the extra digits only widen matches; nothing to undo
