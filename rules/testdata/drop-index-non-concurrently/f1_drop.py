"""drop indexes

Revision ID: f1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "f1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_users_email", table_name="users")  # want: drop-index-non-concurrently
    op.drop_index(op.f("ix_orders_user"))  # want: drop-index-non-concurrently
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_state")  # want: drop-index-non-concurrently
    op.execute("DROP INDEX IF EXISTS ix_orders_created")  # want: drop-index-non-concurrently

    # quiet
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_name", table_name="users", postgresql_concurrently=True)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_city")
    # quiet: the table goes too (autogenerate drops its indexes first)
    op.drop_index(op.f("ix_legacy_code"), table_name="legacy")
    op.drop_table("legacy")  # retort: ignore[drop-table] fixture for drop-index only


def downgrade():
    op.create_index("ix_users_email", "users", ["email"])
