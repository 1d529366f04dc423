"""merge tags and published

Revision ID: 0008b8c9d0e1
Revises: 0006f6a7b8c9, 0007a7b8c9d0
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0008b8c9d0e1"
down_revision = ("0006f6a7b8c9", "0007a7b8c9d0")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
