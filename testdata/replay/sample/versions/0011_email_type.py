"""widen users email

Revision ID: 0011e1f2a3b4
Revises: 0010d0e1f2a3
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0011e1f2a3b4"
down_revision = "0010d0e1f2a3"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "email", type_=sa.String(320), existing_nullable=False)


def downgrade():
    op.alter_column("users", "email", type_=sa.String(200), existing_nullable=False)
