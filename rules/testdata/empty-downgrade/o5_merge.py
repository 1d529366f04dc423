"""merge heads

Revision ID: o5
Revises: o4
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "o5"
down_revision = "o4"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
