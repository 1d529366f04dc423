"""irreversible on purpose

Revision ID: o4
Revises: o3
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "o4"
down_revision = "o3"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy")


def downgrade():
    raise NotImplementedError("irreversible: the data is gone")
