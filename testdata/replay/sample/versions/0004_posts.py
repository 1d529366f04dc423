"""create posts

Revision ID: 0004d4e5f6a7
Revises: 0003c3d4e5f6
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004d4e5f6a7"
down_revision = "0003c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text()),
    )
    op.create_index("ix_posts_user_id", "posts", ["user_id"])


def downgrade():
    op.drop_index("ix_posts_user_id", table_name="posts")
    op.drop_table("posts")
