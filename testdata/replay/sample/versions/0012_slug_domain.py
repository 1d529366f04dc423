"""slug domain and tag slug

Revision ID: 0012f2a3b4c5
Revises: 0011e1f2a3b4
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0012f2a3b4c5"
down_revision = "0011e1f2a3b4"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE DOMAIN slug AS text CHECK (VALUE ~ '^[a-z0-9-]+$')")
    op.add_column("tags", sa.Column("slug", sa.Text(), nullable=True))
    op.execute("ALTER TABLE tags ALTER COLUMN slug TYPE slug")


def downgrade():
    op.drop_column("tags", "slug")
    op.execute("DROP DOMAIN slug")
