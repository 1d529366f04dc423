"""backfill

Revision ID: q1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
import textwrap

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "q1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET active = true")  # want: update-without-where
    op.execute(sa.text("UPDATE orders SET total = price * qty"))  # want: update-without-where
    op.get_bind().execute(sa.text("""
        UPDATE accounts  -- # want: update-without-where
           SET balance = 0
    """))

    op.execute(textwrap.dedent("""
        UPDATE users SET tz = 'UTC'  -- # want: update-without-where
    """))
    op.execute("""
        UPDATE users SET lang = 'en'  -- # want: update-without-where
    """.strip())

    # quiet
    op.execute("UPDATE users SET active = true WHERE active IS NULL")
    op.execute("UPDATE users u SET org = o.id FROM orgs o WHERE o.owner = u.id")
    op.execute("DELETE FROM sessions WHERE expires < now()")
    op.create_table("flags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("on", sa.Boolean()))
    op.execute("UPDATE flags SET on = false")


def downgrade():
    pass


def _helper_not_called():
    op.execute("UPDATE users SET never = 1")
