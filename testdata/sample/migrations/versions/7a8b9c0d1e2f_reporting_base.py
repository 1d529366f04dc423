"""reporting schema, a separate tree

Revision ID: 7a8b9c0d1e2f
Revises:
Create Date: 2024-04-01 08:00:00.000000

"""
from alembic import op

revision = "7a8b9c0d1e2f"
down_revision = None
branch_labels = ("reporting",)
depends_on = "1a2b3c4d5e6f"


def upgrade():
    op.execute("CREATE SCHEMA IF NOT EXISTS reporting")


def downgrade():
    op.execute("DROP SCHEMA reporting")
