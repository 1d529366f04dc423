"""add posts published (branch b)

Revision ID: 0007a7b8c9d0
Revises: 0005e5f6a7b8
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0007a7b8c9d0"
down_revision = "0005e5f6a7b8"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("published", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    op.drop_column("posts", "published")
