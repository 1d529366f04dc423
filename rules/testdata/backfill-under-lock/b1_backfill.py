"""backfills after schema changes

Revision ID: b1
Revises:
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = None
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id"), sa.column("plan"))


def upgrade():
    conn = op.get_bind()
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=True))
    op.execute("UPDATE users SET plan = 'free' WHERE plan IS NULL")  # want: backfill-under-lock "after adding column \"plan\" \(line 21\)"
    op.alter_column("users", "plan", nullable=False)
    for row in conn.execute(sa.select(users.c.id)):
        conn.execute(users.update().where(users.c.id == row.id).values(plan="pro"))  # want: backfill-under-lock "in a loop"
    op.execute("ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2)")
    op.execute("DELETE FROM orders WHERE total IS NULL")  # want: backfill-under-lock "deleting from \"orders\""
    op.create_check_constraint("ck_teams_size", "teams", "size > 0")
    op.execute(sa.text("UPDATE teams SET size = 1 WHERE size = 0"))  # want: backfill-under-lock
    op.rename_table("groups", "clans")
    op.execute("UPDATE clans SET kind = 'x' WHERE kind IS NULL")  # want: backfill-under-lock "renaming \"groups\""


def downgrade():
    pass


def upgrade_more():
    op.alter_column("events", "kind", server_default="x")
    op.execute("UPDATE events SET kind = 'x' WHERE kind IS NULL")  # want: backfill-under-lock "altering column \"kind\""
    op.execute("TRUNCATE audit")
    op.execute("DELETE FROM audit WHERE kept")  # want: backfill-under-lock "after TRUNCATE"
    op.add_column("items", sa.Column("n", sa.Integer()))
    for i in range(10):
        op.execute(f"UPDATE items SET n = {i} WHERE id < {i}")  # want: backfill-under-lock "in a loop"
