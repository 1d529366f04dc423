"""shorter varchar

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("kinds", "title", type_=sa.String(5), existing_type=sa.String(12))


def downgrade():
    op.alter_column("kinds", "title", type_=sa.String(12), existing_type=sa.String(5))
