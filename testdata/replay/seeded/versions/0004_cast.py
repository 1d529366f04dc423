"""text to integer

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("kinds", "body", type_=sa.Integer(), postgresql_using="body::integer")


def downgrade():
    op.alter_column("kinds", "body", type_=sa.Text())
