"""new table only

Revision ID: r3
Revises: r2
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"
branch_labels = None
depends_on = None

def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_index("ix_tags_id", "tags", ["id"])
    op.execute("CREATE INDEX CONCURRENTLY ix_orders_x ON orders (x)")


def downgrade():
    op.drop_table("tags")
