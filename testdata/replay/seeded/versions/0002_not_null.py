"""NOT NULL column without a default

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("kinds", sa.Column("name", sa.String(50), nullable=False))


def downgrade():
    op.drop_column("kinds", "name")
