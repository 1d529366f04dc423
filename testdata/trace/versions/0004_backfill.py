"""events.kind, backfilled in the same transaction

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:03:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("events", sa.Column("kind", sa.Text()))
    op.execute("UPDATE events SET kind = 'click' WHERE kind IS NULL")


def downgrade():
    op.drop_column("events", "kind")
