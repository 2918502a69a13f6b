"""row_outcomes: no foreign key to jobs on PostgreSQL; deleting a job deletes its outcomes

PostgreSQL checked the key for every outcome row (a lookup and a lock on the job's row): half
of the CPU of storing a run's outcomes. The consumer writes outcomes with the job's row locked
in the same transaction, and housekeeping.delete_job deletes them with the job. SQLite (make up)
keeps its constraint: dropping it there means copying the table, for no gain.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CONSTRAINT = "row_outcomes_job_id_fkey"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(CONSTRAINT, "row_outcomes", type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DELETE FROM row_outcomes WHERE NOT EXISTS "
                   "(SELECT 1 FROM jobs WHERE jobs.id = row_outcomes.job_id)")
        op.create_foreign_key(CONSTRAINT, "row_outcomes", "jobs", ["job_id"], ["id"],
                              ondelete="CASCADE")
