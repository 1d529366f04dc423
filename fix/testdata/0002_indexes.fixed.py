"""indexes

Revision ID: 0002b2c3d4e5
Revises: 0001a1b2c3d4
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002b2c3d4e5"
down_revision = "0001a1b2c3d4"
branch_labels = None
depends_on = None

STATUS_INDEX = """
create index CONCURRENTLY ix_orders_status
    on orders (status)
"""


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_orders_customer", "orders", ["customer_id"], postgresql_concurrently=True)  # by customer
    # the partial index, exploded the way black writes it
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_orders_open",
            "orders",
            ["status"],
            postgresql_where=sa.text("""
status <> 'shipped'
"""),
            postgresql_concurrently=True,
        )
    with op.get_context().autocommit_block():
        op.create_index(op.f("ix_customers_email"), "customers", ["email"], unique=True,
                        postgresql_concurrently=True)
    with op.get_context().autocommit_block():
        op.execute(STATUS_INDEX)
    if False:
        op.create_index("ix_never", "orders", ["price"])


def downgrade():
    op.execute("DROP INDEX ix_orders_status")
    op.drop_index(op.f("ix_customers_email"), table_name="customers")
    op.drop_index("ix_orders_open", table_name="orders")
    op.drop_index("ix_orders_customer", table_name="orders")
