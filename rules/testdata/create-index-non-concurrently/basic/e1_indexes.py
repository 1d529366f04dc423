"""indexes

Revision ID: e1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "e1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_users_email"), "users", ["email"], unique=True)  # want: create-index-non-concurrently
    op.create_index("ix_orders_user", table_name="orders", columns=["user_id"])  # want: create-index-non-concurrently
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_state", ["state"])  # want: create-index-non-concurrently
    op.add_column("orders", sa.Column("sku", sa.String(20), index=True))  # want: create-index-non-concurrently
    op.execute("CREATE INDEX ix_orders_created ON orders (created_at)")  # want: create-index-non-concurrently
    op.execute(sa.text("""
        CREATE UNIQUE INDEX IF NOT EXISTS ix_orders_ref  -- # want: create-index-non-concurrently
            ON orders (ref)
            WHERE ref IS NOT NULL
    """))

    # quiet: concurrently (in an autocommit block), or on a table created here
    with op.get_context().autocommit_block():
        op.create_index("ix_users_name", "users", ["name"], postgresql_concurrently=True)
        op.execute("CREATE INDEX CONCURRENTLY ix_users_city ON users (city)")
    op.create_table(
        "carts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
    )
    op.create_index(op.f("ix_carts_user_id"), "carts", ["user_id"])
    op.execute("CREATE TABLE cart_items (id int PRIMARY KEY, cart_id int)")
    op.execute("CREATE INDEX ix_cart_items_cart ON cart_items (cart_id)")


def downgrade():
    op.drop_index("ix_users_email", table_name="users")
