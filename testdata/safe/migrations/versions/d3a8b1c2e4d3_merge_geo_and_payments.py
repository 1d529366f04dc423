"""merge geo and payments

Revision ID: d3a8b1c2e4d3
Revises: b1e6f9a0c2b1, c2f7a0b1d3c2
Create Date: 2024-03-06 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "d3a8b1c2e4d3"
down_revision = ("b1e6f9a0c2b1", "c2f7a0b1d3c2")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
