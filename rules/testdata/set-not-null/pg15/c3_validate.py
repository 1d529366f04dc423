"""validate, then not null

Revision ID: c3
Revises: c2
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "c3"
down_revision = "c2"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE accounts VALIDATE CONSTRAINT accounts_owner_nn")


def downgrade():
    pass
