"""orders.amount to bigint, under a lock timeout

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:01:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.alter_column("orders", "amount", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.alter_column("orders", "note", type_=sa.Text())
    op.alter_column("empty", "n", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.execute("RESET lock_timeout")


def downgrade():
    op.alter_column("empty", "n", type_=sa.Integer(), existing_type=sa.BigInteger())
    op.alter_column("orders", "note", type_=sa.String(50))
    op.alter_column("orders", "amount", type_=sa.Integer(), existing_type=sa.BigInteger())
