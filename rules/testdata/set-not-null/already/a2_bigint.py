"""widen ids: nullable=False repeated on columns that already are NOT NULL"""
from alembic import op
import sqlalchemy as sa

revision = "a2"
down_revision = "a1"


def upgrade():
    op.alter_column("accounts", "id", type_=sa.BigInteger(), nullable=False)
    op.alter_column("accounts", "code", nullable=False)
    op.alter_column("users", "region", nullable=False)
    op.alter_column("accounts", "email", nullable=False)  # want: set-not-null
    op.alter_column("accounts", "owner_id", nullable=False)  # want: set-not-null
