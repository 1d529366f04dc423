"""made nullable, then NOT NULL again: a real scan"""
from alembic import op

revision = "a3"
down_revision = "a2"


def upgrade():
    op.alter_column("users", "region", nullable=True)
    op.alter_column("users", "region", nullable=False)  # want: set-not-null
