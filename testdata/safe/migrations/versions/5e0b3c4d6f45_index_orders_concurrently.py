"""index orders concurrently

Revision ID: 5e0b3c4d6f45
Revises: 4d9a2b3c5e34
Create Date: 2024-02-01 11:30:12.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5e0b3c4d6f45"
down_revision = "4d9a2b3c5e34"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_orders_status_open",
            "orders",
            ["status"],
            unique=False,
            postgresql_concurrently=True,
            postgresql_where=sa.text("status <> 'done'"),
        )
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_lower_email ON users (lower(email))")


def downgrade():
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_lower_email")
        op.drop_index("ix_orders_status_open", table_name="orders", postgresql_concurrently=True)
