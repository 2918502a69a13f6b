"""partial indexes for mostly-empty person columns; lz4 for large message bodies (PostgreSQL)

Revision ID: 0007
Revises: 0006

An import inserts thousands of persons a second, and PostgreSQL spent most of its time on
index entries. Columns that are NULL or one value for nearly everyone (kind, staff flag,
login account, external number, organisation number) now index only the rows a query can look
for. Large message bodies (outbox, stored batch answers) use lz4 instead of pglz: pglz was a
noticeable share of the server's time during an import. An embedded SQLite register keeps its
plain indexes.
"""
from alembic import op
import sqlalchemy as sa

from foyer_shared.migrations import set_toast_compression

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# (index, column, rows indexed)
PARTIAL = (
    ("ix_persons_kind", "kind", "kind = 'company'"),
    ("ix_persons_is_staff", "is_staff", "is_staff"),
    ("ix_persons_user_id", "user_id", "user_id IS NOT NULL"),
    ("ix_persons_external_number", "external_number", "external_number IS NOT NULL"),
)
LARGE_TEXT = (("outbox", "body"), ("import_batches", "answer"))


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    for name, column, where in PARTIAL:
        op.drop_index(name, table_name="persons")
        op.create_index(name, "persons", [column], postgresql_where=sa.text(where))
    op.drop_constraint("uq_persons_org_number", "persons", type_="unique")
    op.create_index("uq_persons_org_number", "persons", ["org_number"], unique=True,
                    postgresql_where=sa.text("org_number IS NOT NULL"))
    set_toast_compression("lz4", LARGE_TEXT)


def downgrade() -> None:
    if not _postgresql():
        return
    set_toast_compression("pglz", LARGE_TEXT)
    op.drop_index("uq_persons_org_number", table_name="persons")
    op.create_unique_constraint("uq_persons_org_number", "persons", ["org_number"])
    for name, column, _where in PARTIAL:
        op.drop_index(name, table_name="persons")
        op.create_index(name, "persons", [column])
