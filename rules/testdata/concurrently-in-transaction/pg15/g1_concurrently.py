"""concurrent indexes

Revision ID: g1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "g1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)  # want: concurrently-in-transaction
    op.drop_index("ix_users_old", table_name="users", postgresql_concurrently=True)  # want: concurrently-in-transaction
    op.execute("CREATE INDEX CONCURRENTLY ix_users_name ON users (name)")  # want: concurrently-in-transaction
    op.execute("REINDEX INDEX CONCURRENTLY ix_users_name")  # want: concurrently-in-transaction
    op.execute("VACUUM ANALYZE users")  # want: concurrently-in-transaction
    with op.get_context().autocommit_block():
        op.create_index("ix_users_city", "users", ["city"], postgresql_concurrently=True)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_zip")
        op.execute(
            """
            CREATE INDEX CONCURRENTLY ix_a ON users (a);  -- # want: concurrently-in-transaction
            CREATE INDEX CONCURRENTLY ix_b ON users (b);  -- # want: concurrently-in-transaction
            """
        )
    op.execute("ALTER TYPE status ADD VALUE 'archived'")
    op.execute("ANALYZE users")
    op.execute("UPDATE orders SET status = 'archived' WHERE closed_at < now()")  # want: concurrently-in-transaction
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE status ADD VALUE IF NOT EXISTS 'held'")
    op.execute("UPDATE orders SET status = 'held' WHERE hold")


def downgrade():
    pass
