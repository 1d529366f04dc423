"""add users bio (head a)

Revision ID: 0014aa000001
Revises: 0013a3b4c5d6
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0014aa000001"
down_revision = "0013a3b4c5d6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("bio", sa.Text(), nullable=True))


def downgrade():
    op.drop_column("users", "bio")
