"""view of post counts

Revision ID: 0005e5f6a7b8
Revises: 0004d4e5f6a7
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0005e5f6a7b8"
down_revision = "0004d4e5f6a7"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
        CREATE VIEW user_post_counts AS
        SELECT u.id AS user_id, count(p.id) AS posts
        FROM users u LEFT JOIN posts p ON p.user_id = u.id
        GROUP BY u.id
        """
    )


def downgrade():
    op.execute("DROP VIEW user_post_counts")
