"""index

Revision ID: r4
Revises: r3
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "r4"
down_revision = "r3"
branch_labels = None
depends_on = None

def upgrade():
    op.execute("CREATE INDEX ix_orders_y ON orders (y)")  # want: missing-lock-timeout


def downgrade():
    pass
