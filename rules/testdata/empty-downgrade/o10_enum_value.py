"""add an enum value: PostgreSQL cannot drop it again, so pass is right

Revision ID: o10
Revises: o9
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op

revision = "o10"
down_revision = "o9"


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE state_type ADD VALUE IF NOT EXISTS 'ARCHIVED'")


def downgrade():
    pass
