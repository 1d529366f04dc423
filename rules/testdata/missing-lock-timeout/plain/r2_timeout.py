"""with a timeout

Revision ID: r2
Revises: r1
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"
branch_labels = None
depends_on = None

def upgrade():
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.alter_column("orders", "note", type_=sa.String(20))


def downgrade():
    pass
