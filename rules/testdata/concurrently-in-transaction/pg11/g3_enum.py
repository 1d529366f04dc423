"""enum value on an old server

Revision ID: g3
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "g3"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TYPE status ADD VALUE 'archived'")  # want: concurrently-in-transaction
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE status ADD VALUE IF NOT EXISTS 'deleted'")


def downgrade():
    pass
