"""vacuum

Revision ID: s1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "s1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("VACUUM FULL users")  # want: vacuum-full
        op.execute("VACUUM (FULL, ANALYZE) orders")  # want: vacuum-full
        op.execute("VACUUM ANALYZE users")
        op.execute("VACUUM (FULL false) users")


def downgrade():
    pass
