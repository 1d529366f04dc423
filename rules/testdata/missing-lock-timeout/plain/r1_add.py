"""add a column

Revision ID: r1
Revises: 
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None
branch_labels = None
depends_on = None

def upgrade():
    op.add_column("orders", sa.Column("note", sa.Text()))  # want: missing-lock-timeout
    op.create_index("ix_orders_note", "orders", ["note"])


def downgrade():
    op.drop_column("orders", "note")
