"""check posts title not empty

Revision ID: 0010d0e1f2a3
Revises: 0009c9d0e1f2
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0010d0e1f2a3"
down_revision = "0009c9d0e1f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_check_constraint("ck_posts_title_not_empty", "posts", "length(title) > 0")


def downgrade():
    op.drop_constraint("ck_posts_title_not_empty", "posts", type_="check")
