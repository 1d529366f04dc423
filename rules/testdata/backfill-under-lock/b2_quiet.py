"""backfills that do not hold a strong lock

Revision ID: b2
Revises: b1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "b1"
branch_labels = None
depends_on = None


def upgrade():
    # a backfill on its own
    op.execute("UPDATE accounts SET plan = 'free' WHERE plan IS NULL")
    # another table was altered
    op.add_column("teams", sa.Column("tier", sa.Text()))
    op.execute("UPDATE accounts SET tier = 'x' WHERE tier IS NULL")
    # the schema change was committed first
    op.add_column("accounts", sa.Column("region", sa.Text()))
    with op.get_context().autocommit_block():
        op.execute("UPDATE accounts SET region = 'eu' WHERE id < 1000")
    # a new table holds no rows
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))
    op.add_column("tags", sa.Column("slug", sa.Text()))
    op.execute("UPDATE tags SET slug = name")
    # a foreign key takes SHARE ROW EXCLUSIVE, an index SHARE
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])
    op.create_index("ix_orders_state", "orders", ["state"])
    op.execute("UPDATE orders SET state = 'new' WHERE state IS NULL")
    # COMMIT ends the transaction
    op.add_column("invoices", sa.Column("paid", sa.Boolean()))
    op.execute("COMMIT")
    op.execute("UPDATE invoices SET paid = false WHERE paid IS NULL")


def downgrade():
    pass


def upgrade_batches():
    # one bounded batch is short: the lock is released soon
    op.add_column("events", sa.Column("kind", sa.Text()))
    op.execute("UPDATE events SET kind = 'x' WHERE id BETWEEN 1 AND 5000")
    op.alter_column("events", "kind", server_default="x")
    op.execute("UPDATE events SET kind = 'y' WHERE id IN (SELECT id FROM events WHERE kind IS NULL LIMIT 1000)")
    op.execute("UPDATE events SET kind = 'z' WHERE kind IS NULL AND id < 10000")
    op.execute("UPDATE events SET kind = 'w' WHERE code = 'fabrika'")
    for t in ("events", "logs"):
        op.execute(f"UPDATE {t} SET kind = 'v' WHERE name IN ('a', 'b')")
