"""rules turned off, revisions ignored: their suppressions are not reported"""
from alembic import op

revision = "v1"
down_revision = None


def upgrade():
    op.drop_column("users", "a")  # retort: ignore[drop-column] the rule is off
    op.execute("SELECT 1")  # retort: ignore[lock-table] stale  # want: unused-suppression
