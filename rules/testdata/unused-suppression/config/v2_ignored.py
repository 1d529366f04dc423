"""an ignored revision"""
from alembic import op

revision = "v2"
down_revision = "v1"


def upgrade():
    op.execute("SELECT 1")  # retort: ignore[lock-table] never looked at
