"""add a column and an enum value

Revision ID: o9
Revises: o8
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "o9"
down_revision = "o8"


def upgrade():
    op.execute("ALTER TYPE state_type ADD VALUE IF NOT EXISTS 'PAUSED';")
    op.add_column("jobs", sa.Column("paused_at", sa.DateTime(), nullable=True))


def downgrade():  # want: empty-downgrade
    # a comment does not make it reversible; a reasoned suppression says it is deliberate
    pass


def _unused():
    pass
