"""not null proven by an earlier revision

Revision ID: c4
Revises: c3
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "c4"
down_revision = "c3"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("accounts", "owner_id", nullable=False)
    op.drop_constraint("accounts_owner_nn", "accounts", type_="check")


def downgrade():
    pass
