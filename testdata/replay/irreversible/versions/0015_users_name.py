"""add users name

Revision ID: 0015c1a2b3c4
Revises: 0014c1a2b3c4
Create Date: 2026-11-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0015c1a2b3c4"
down_revision = "0014c1a2b3c4"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("name", sa.Text(), nullable=True))
    op.create_index("ix_users_name", "users", ["name"])


def downgrade():
    op.drop_column("users", "name")  # forgets nothing: the index goes with the column
