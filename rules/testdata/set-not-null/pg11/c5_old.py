"""check does not help before 12

Revision ID: c5
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "c5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_check_constraint("ck_nn", "users", "email IS NOT NULL")
    op.alter_column("users", "email", nullable=False)  # want: set-not-null


def downgrade():
    pass
