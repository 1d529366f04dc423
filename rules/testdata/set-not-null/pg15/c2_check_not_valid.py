"""check added earlier

Revision ID: c2
Revises: c1
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "c2"
down_revision = "c1"
branch_labels = None
depends_on = None


def upgrade():
    op.execute('ALTER TABLE accounts ADD CONSTRAINT accounts_owner_nn CHECK (owner_id IS NOT NULL) NOT VALID')
    op.alter_column("accounts", "owner_id", nullable=False)  # want: set-not-null


def downgrade():
    pass
