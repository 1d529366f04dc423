"""legacy column the models no longer have

Revision ID: 0002d2b3c4d5
Revises: 0001d1a2b3c4
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002d2b3c4d5"
down_revision = "0001d1a2b3c4"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("legacy", sa.Text(), nullable=True))


def downgrade():
    op.drop_column("users", "legacy")
