"""add defaults on an old server

Revision ID: b2
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b2"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("state", sa.String(10), server_default="new", nullable=False))  # want: volatile-default
    op.add_column("users", sa.Column("seen", sa.DateTime(), server_default=sa.func.now()))  # want: volatile-default
    op.execute("ALTER TABLE users ADD COLUMN paid boolean NOT NULL DEFAULT false")  # want: volatile-default
    op.add_column("users", sa.Column("note", sa.Text()))
    op.add_column("users", sa.Column("x", sa.Integer(), server_default=None))


def downgrade():
    op.drop_column("users", "state")
