"""columns

Revision ID: 0004d4e5f6a7
Revises: 0003c3d4e5f6
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004d4e5f6a7"
down_revision = "0003c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("customers", sa.Column("name", sa.String(120), nullable=False))
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(
            sa.Column("note", sa.Text(), nullable=False),  # shown on invoices
        )


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("note")
    op.drop_column("customers", "name")
