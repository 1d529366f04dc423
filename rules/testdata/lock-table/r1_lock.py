"""locks

Revision ID: r1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "r1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("LOCK TABLE packages IN EXCLUSIVE MODE")  # want: lock-table
    op.execute("LOCK journals")  # want: lock-table
    op.execute("SELECT pg_advisory_xact_lock(42)")
    op.execute("SET LOCAL lock_timeout = '5s'")


def downgrade():
    pass
