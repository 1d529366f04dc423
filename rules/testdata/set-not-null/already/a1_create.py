"""create accounts"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("owner_id", sa.Integer()),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("users", sa.Column("region", sa.String(2), nullable=False, server_default="eu"))
