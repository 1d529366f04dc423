"""unique on a column with repeated values

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_unique_constraint("uq_kinds_email", "kinds", ["email"])


def downgrade():
    op.drop_constraint("uq_kinds_email", "kinds")
