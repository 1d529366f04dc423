"""rebuild a table under the same name

Revision ID: n2
Revises: n1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "n2"
down_revision = "n1"
branch_labels = None
depends_on = None


def upgrade():
    # quiet: the old copy of a rebuilt table, its rows copied over
    op.execute("ALTER TABLE server RENAME TO server_old")
    op.execute("CREATE TABLE server (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    op.execute("INSERT INTO server (id, name) SELECT id, name FROM server_old")
    op.execute("DROP TABLE server_old")
    op.rename_table("account", "account_old")
    op.create_table("account", sa.Column("id", sa.Integer(), primary_key=True))
    op.drop_table("account_old")

    # renamed, not rebuilt: the data goes with the drop
    op.rename_table("ledger", "ledger_old")
    op.drop_table("ledger_old")  # want: drop-table


def downgrade():
    pass
