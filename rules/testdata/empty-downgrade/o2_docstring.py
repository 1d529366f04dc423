"""add column

Revision ID: o2
Revises: o1
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "o2"
down_revision = "o1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(255), nullable=True))


def downgrade():  # want: empty-downgrade
    """Nothing to undo."""
