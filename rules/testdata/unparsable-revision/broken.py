"""add email"""
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = "a0"


def upgrade():
    op.add_column("users", sa.Column("email", sa.String())  # want: unparsable-revision


def downgrade():
    op.drop_column("users", "email")
