"""add users.email

Revision ID: 0002b2c3d4e5
Revises: 0001a1b2c3d4
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002b2c3d4e5"
down_revision = "0001a1b2c3d4"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(320), nullable=False))


def downgrade():
    op.drop_column("users", "email")
