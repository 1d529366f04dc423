"""seed tags

Revision ID: 0013a3b4c5d6
Revises: 0012f2a3b4c5
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0013a3b4c5d6"
down_revision = "0012f2a3b4c5"
branch_labels = None
depends_on = None


def upgrade():
    tags = sa.table("tags", sa.column("name", sa.String), sa.column("slug", sa.Text))
    op.bulk_insert(tags, [{"name": "News", "slug": "news"}, {"name": "Go", "slug": "go"}])


def downgrade():
    op.execute("DELETE FROM tags WHERE slug IN ('news', 'go')")
