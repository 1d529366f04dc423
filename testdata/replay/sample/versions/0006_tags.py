"""create tags (branch a)

Revision ID: 0006f6a7b8c9
Revises: 0005e5f6a7b8
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0006f6a7b8c9"
down_revision = "0005e5f6a7b8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False, unique=True),
    )


def downgrade():
    op.drop_table("tags")
