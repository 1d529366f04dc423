"""add email index

Revision ID: b1
Revises: a0
"""
from alembic import op

revision = "b1"
down_revision = "a0"


def upgrade():
    op.create_index("ix_users_email", "users", ["email"])


def downgrade():
    op.drop_index("ix_users_email", table_name="users")
