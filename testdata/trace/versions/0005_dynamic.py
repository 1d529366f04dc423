"""SQL that only exists at run time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:04:00

"""
import os

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns():
    return os.environ.get("TRACE_FIXTURE_COLUMNS", "amount,note").split(",")


def _table(name):
    return sa.table(name, sa.column("name"))


def upgrade():
    verb = " ".join(["CREATE", "INDEX"])
    for col in _columns():
        sql = verb + " ix_orders_" + col + " ON orders (" + col + ")"
        op.execute(sql)
    stmt = getattr(sa, "update")(_table(os.environ.get("TRACE_FIXTURE_TABLE", "users")))
    op.get_bind().execute(stmt.values(name="anonymous"))


def downgrade():
    for col in _columns():
        op.execute("DROP INDEX ix_orders_" + col)
