"""add customer names

Revision ID: 3c4d5e6f7a8b
Revises: 2b3c4d5e6f7a
Create Date: 2024-03-11 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "3c4d5e6f7a8b"
down_revision = "2b3c4d5e6f7a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("customers") as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=120), nullable=False))


def downgrade():
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("name")
