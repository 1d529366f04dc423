"""comments table with a typo

Revision ID: 0014b1a2b3c4
Revises: 0013a3b4c5d6
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0014b1a2b3c4"
down_revision = "0013a3b4c5d6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("summary", sa.Text(), nullable=True))
    op.execute(
        "CREATE TABL comments (id int PRIMARY KEY)"
    )


def downgrade():
    op.execute("DROP TABLE comments")
    op.drop_column("posts", "summary")
