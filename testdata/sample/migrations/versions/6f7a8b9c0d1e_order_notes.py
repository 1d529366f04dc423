"""order notes

Revision ID: 6f7a8b9c0d1e
Revises: 4d5e6f7a8b9c
Create Date: 2024-03-20 11:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "6f7a8b9c0d1e"
down_revision = "5e6f7a8b9c0d"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("orders", sa.Column("notes", sa.Text(), nullable=True))


def downgrade():
    op.drop_column("orders", "notes")
