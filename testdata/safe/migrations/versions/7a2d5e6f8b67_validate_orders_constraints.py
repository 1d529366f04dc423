"""validate the orders constraints

VALIDATE CONSTRAINT takes a SHARE UPDATE EXCLUSIVE lock: reads and writes go on.

Revision ID: 7a2d5e6f8b67
Revises: 6f1c4d5e7a56
Create Date: 2024-02-06 09:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "7a2d5e6f8b67"
down_revision = "6f1c4d5e7a56"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_shop_id_shops")
    # rows from before the NOT VALID check may break it: fix them first
    op.execute("UPDATE orders SET status = 'new' WHERE status NOT IN ('new', 'paid', 'done')")
    op.execute(
        """
        ALTER TABLE orders
            VALIDATE CONSTRAINT ck_orders_status_known
        """
    )


def downgrade():
    # validation cannot be undone and need not be
    pass
