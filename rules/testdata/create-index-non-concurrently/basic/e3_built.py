"""indexes built from constants and loops

Revision ID: e3
Revises: e2
Create Date: 2022-03-04 10:00:00.000000

"""
from alembic import op

revision = "e3"
down_revision = "e2"
branch_labels = None
depends_on = None

COLUMNS = ["a", "b"]
IX = "CREATE INDEX {name} ON {table} ({col})"


def upgrade():
    for col in COLUMNS:
        op.execute(f"CREATE INDEX ix_events_{col} ON events ({col})")  # want: create-index-non-concurrently, create-index-non-concurrently
    op.execute(IX.format(name="ix_x", table="events", col="x"))  # want: create-index-non-concurrently
    op.execute("CREATE INDEX %s ON events (y)" % get_name())  # want: create-index-non-concurrently
    with op.get_context().autocommit_block():
        for col in COLUMNS:
            op.execute(f"CREATE INDEX CONCURRENTLY ix_logs_{col} ON logs ({col})")
        op.execute("CREATE INDEX CONCURRENTLY %s ON logs (z)" % get_name())


def downgrade():
    pass


def get_name():
    return "ix"
