"""add mood enum to users

Revision ID: 0002b2c3d4e5
Revises: 0001a1b2c3d4
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002b2c3d4e5"
down_revision = "0001a1b2c3d4"
branch_labels = None
depends_on = None

mood = sa.Enum("happy", "sad", "meh", name="mood")


def upgrade():
    mood.create(op.get_bind())
    op.add_column("users", sa.Column("mood", mood, nullable=True))


def downgrade():
    op.drop_column("users", "mood")
    mood.drop(op.get_bind())
