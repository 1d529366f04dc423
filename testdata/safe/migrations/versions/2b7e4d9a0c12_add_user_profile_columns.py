"""add user profile columns

Nullable columns and columns with a constant server default are cheap:
PostgreSQL 11+ stores the default once in the catalog.

Revision ID: 2b7e4d9a0c12
Revises: 1f3a9c2e7b01
Create Date: 2024-01-15 14:03:10.554201

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "2b7e4d9a0c12"
down_revision = "1f3a9c2e7b01"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("bio", sa.Text(), nullable=True))
    op.add_column("users", sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("users", sa.Column("login_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
    op.add_column("users", sa.Column("settings", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False))
    op.add_column("users", sa.Column("plan", sa.String(length=20), nullable=True, default="free"))
    op.alter_column("users", "bio", comment="shown on the profile page")


def downgrade():
    op.drop_column("users", "plan")
    op.drop_column("users", "settings")
    op.drop_column("users", "updated_at")
    op.drop_column("users", "login_count")
    op.drop_column("users", "is_active")
    op.drop_column("users", "bio")
