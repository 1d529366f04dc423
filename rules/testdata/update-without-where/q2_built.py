"""SQL that is not a literal at the call

Revision ID: q2
Revises: q1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "q2"
down_revision = "q1"
branch_labels = None
depends_on = None

TABLE = "users"
RESET = "UPDATE users SET plan = 'free'"  # want: update-without-where
TABLES = ("teams", "orgs")


def upgrade():
    op.execute(RESET)
    sql = "UPDATE accounts SET plan = NULL"  # want: update-without-where
    op.execute(sql)
    op.execute(f"UPDATE {TABLE} SET active = true")  # want: update-without-where "\"users\""
    op.execute("UPDATE %s SET score = 0" % TABLE)  # want: update-without-where
    op.execute("UPDATE %(t)s SET score = 0" % {"t": "scores"})  # want: update-without-where "\"scores\""
    op.execute("UPDATE {} SET rank = {}".format(TABLE, 1))  # want: update-without-where
    op.execute("UPDATE {table} SET rank = 0".format(table="ranks"))  # want: update-without-where "\"ranks\""
    op.execute(sa.text(f"UPDATE {TABLE} " f"SET seen = false"))  # want: update-without-where
    op.execute("UPDATE " + TABLE + " SET seen = true")  # want: update-without-where
    for t in ["a", "b"]:
        op.execute(f"UPDATE {t} SET flag = false")  # want: update-without-where, update-without-where
    for t in TABLES:
        op.execute("UPDATE {} SET flag = true".format(t))  # want: update-without-where, update-without-where "\"orgs\""
    table = pick_table()
    op.execute(f"UPDATE {table} SET x = 1")  # want: update-without-where "a table"

    # quiet: a WHERE, known or not, or a clause only known at run time
    op.execute(f"UPDATE {TABLE} SET x = 1 WHERE id = {table}")
    where = "WHERE x IS NULL" if table else ""
    op.execute(f"UPDATE t SET x = 1 {where}")
    op.execute(f"UPDATE {table} SET x = {{1}} WHERE y")
    for t in ["a", "b"]:
        op.execute(f"UPDATE {t} SET flag = false WHERE flag IS NULL")


def downgrade():
    pass


def pick_table():
    return "users"
