"""rebuild a table under the same name

Revision ID: l2
Revises: l1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "l2"
down_revision = "l1"
branch_labels = None
depends_on = None


def upgrade():
    # quiet: the rebuild idiom creates the old name again at once
    op.execute("ALTER TABLE server RENAME TO server_old")
    op.execute("CREATE TABLE server (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    op.execute("INSERT INTO server (id, name) SELECT id, name FROM server_old")
    op.execute("DROP TABLE server_old")
    op.rename_table("account", "account_old")
    op.create_table("account", sa.Column("id", sa.Integer(), primary_key=True))

    # renamed away and never created again
    op.rename_table("ledger", "ledger_old")  # want: rename-table


def downgrade():
    op.rename_table("ledger_old", "ledger")
