"""repair an index owned by another revision

Revision ID: o11
Revises: o10
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op

revision = "o11"
down_revision = "o10"


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events_at ON events (at)")


# retort: ignore[empty-downgrade] the index belongs to o10; this revision only repairs it
def downgrade():
    pass
