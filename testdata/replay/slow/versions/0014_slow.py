"""a slow backfill

Revision ID: 0014d1a2b3c4
Revises: 0013a3b4c5d6
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0014d1a2b3c4"
down_revision = "0013a3b4c5d6"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SELECT pg_sleep(60)")


def downgrade():
    pass
