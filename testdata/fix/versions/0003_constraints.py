"""constraints

Revision ID: 0003c3d4e5f6
Revises: 0002b2c3d4e5
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003c3d4e5f6"
down_revision = "0002b2c3d4e5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])
    op.create_check_constraint(
        "Price positive",
        "orders",
        "price > 0",
        schema="public",
    )


def downgrade():
    op.drop_constraint("Price positive", "orders", schema="public")
    op.drop_constraint("fk_orders_customer", "orders")
