"""index users.name

Revision ID: 0003c3d4e5f6
Revises: 0001a1b2c3d4
Create Date: 2026-11-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003c3d4e5f6"
down_revision = "0001a1b2c3d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_name", "users", ["name"])


def downgrade():
    op.drop_index("ix_users_name", table_name="users")
