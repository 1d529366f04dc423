"""backfill with the app's helpers

Revision ID: 0014a1a2b3c4
Revises: 0013a3b4c5d6
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

from myapp.helpers import backfill  # not installed where the migrations run

revision = "0014a1a2b3c4"
down_revision = "0013a3b4c5d6"
branch_labels = None
depends_on = None


def upgrade():
    backfill(op.get_bind())


def downgrade():
    pass
