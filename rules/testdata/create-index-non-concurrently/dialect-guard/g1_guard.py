"""indexes behind early returns

Revision ID: g1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "g1"
down_revision = None
branch_labels = None
depends_on = None


def _mysql_only(bind):
    if bind.dialect.name != "mysql":
        return
    op.create_index("ix_mysql_a", "accounts", ["a"])
    op.execute("CREATE INDEX ix_mysql_b ON accounts (b)")


def upgrade():
    bind = op.get_bind()
    _mysql_only(bind)
    if bind.dialect.name == "postgresql":
        op.create_index("ix_pg_c", "accounts", ["c"])  # want: create-index-non-concurrently
    # a guard that holds on other databases: the rest runs on PostgreSQL
    if bind.dialect.name == "sqlite":
        return
    op.create_index("ix_d", "accounts", ["d"])  # want: create-index-non-concurrently
    # a guard that is not about the database
    if not bind.execute(sa.text("SELECT 1 FROM accounts LIMIT 1")).first():
        return
    op.create_index("ix_e", "accounts", ["e"])  # want: create-index-non-concurrently


def downgrade():
    pass
