"""tables

Revision ID: 0001a1b2c3d4
Revises:
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0001a1b2c3d4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(200), nullable=False),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
        schema="public",
    )
    op.execute("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')")
    op.execute("INSERT INTO orders (id, customer_id, status, price) VALUES (1, 1, 'new', 10)")


def downgrade():
    op.drop_table("orders", schema="public")
    op.drop_table("customers")
