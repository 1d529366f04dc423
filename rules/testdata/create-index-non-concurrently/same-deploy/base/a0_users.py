"""create users (applied in production)

Revision ID: a0
Revises:
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "a0"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.Text()))


def downgrade():
    op.drop_table("users")
