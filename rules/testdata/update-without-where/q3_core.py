"""SQLAlchemy Core statements, and WHERE clauses that match every row

Revision ID: q3
Revises: q2
Create Date: 2024-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import update, delete, text

revision = "q3"
down_revision = "q2"
branch_labels = None
depends_on = None

accounts = sa.table("accounts", sa.column("id"), sa.column("plan"), sa.column("tier"))


def upgrade():
    users = sa.Table("users", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("active", sa.Boolean))
    conn = op.get_bind()
    op.execute(users.update().values(active=True))  # want: update-without-where "every row of \"users\""
    conn.execute(accounts.update().values(plan="free"))  # want: update-without-where "\"accounts\""
    op.get_bind().execute(sa.update(accounts).values(plan=None))  # want: update-without-where
    conn.execute(update(users).values(active=False))  # want: update-without-where
    op.execute(accounts.delete())  # want: update-without-where "deleting every row of \"accounts\""
    conn.execute(delete(users))  # want: update-without-where
    conn.execute(text("UPDATE users SET active = false"))  # want: update-without-where
    op.execute(users.update().where(sa.true()).values(active=True))  # want: update-without-where "its WHERE matches every row"
    op.execute(accounts.update().where(sa.text("1 = 1")).values(plan="x"))  # want: update-without-where
    op.execute("UPDATE users SET active = true WHERE 1=1")  # want: update-without-where "its WHERE matches every row"
    op.execute("DELETE FROM sessions WHERE true")  # want: update-without-where
    op.execute("UPDATE users SET active = true WHERE 'a' = 'a' OR id > 5")  # want: update-without-where
    op.add_column("accounts", sa.Column("tier", sa.Text(), nullable=True))
    op.execute("UPDATE accounts SET tier = 'basic' WHERE tier IS NULL")  # want: update-without-where
    op.execute(accounts.update().where(accounts.c.tier.is_(None)).values(tier="basic"))

    # quiet: a real filter
    op.execute(users.update().where(users.c.id == 1).values(active=True))
    conn.execute(accounts.update().filter_by(id=3).values(plan="pro"))
    conn.execute(sa.update(accounts, accounts.c.id > 10).values(plan="pro"))
    op.execute(accounts.delete().where(accounts.c.plan.is_(None)))
    op.execute("UPDATE users SET active = true WHERE 1=1 AND id < 100")
    op.execute("UPDATE users SET active = true WHERE active IS NULL")
    op.add_column("users", sa.Column("score", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE users SET score = 1 WHERE score IS NULL")
    op.execute(users.insert().values(id=1))
    for row in conn.execute(sa.select(users.c.id)):
        conn.execute(users.update().where(users.c.id == row.id).values(active=True))


def downgrade():
    pass
