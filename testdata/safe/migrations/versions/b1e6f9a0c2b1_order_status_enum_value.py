"""add an enum value and an index, outside the migration's transaction

Revision ID: b1e6f9a0c2b1
Revises: a0d5e8f9b1a0
Create Date: 2024-03-04 12:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "b1e6f9a0c2b1"
down_revision = "a0d5e8f9b1a0"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE payment_state ADD VALUE IF NOT EXISTS 'refunded'")
    # the older idiom: end Alembic's transaction, then build concurrently
    op.execute("COMMIT")
    op.create_index(op.f("ix_orders_shop_id"), "orders", ["shop_id"], postgresql_concurrently=True)


# retort: ignore[downgrade-not-inverse] PostgreSQL cannot drop an enum value; 'refunded' stays
def downgrade():
    op.execute("COMMIT")
    op.drop_index(op.f("ix_orders_shop_id"), table_name="orders", postgresql_concurrently=True)
