"""the COMMIT idiom

Revision ID: g2
Revises: g1
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "g2"
down_revision = "g1"
branch_labels = None
depends_on = None


def upgrade():
    # CREATE INDEX CONCURRENTLY cannot run in a transaction: end Alembic's first
    op.execute("COMMIT")
    op.create_index(op.f("ix_orders_ref"), "orders", ["ref"], postgresql_concurrently=True)
    op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_orders_day ON orders (day)")


def downgrade():
    op.drop_index(op.f("ix_orders_ref"), table_name="orders")
