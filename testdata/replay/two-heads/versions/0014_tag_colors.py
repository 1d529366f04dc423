"""tag colors (head b, branched from 0012)

Revision ID: 0014bb000001
Revises: 0012f2a3b4c5
Create Date: 2026-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0014bb000001"
down_revision = "0012f2a3b4c5"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TYPE color AS ENUM ('red', 'green')")
    op.add_column("tags", sa.Column("color", sa.Enum(name="color", create_type=False), nullable=True))


def downgrade():
    op.drop_column("tags", "color")
    op.execute("DROP TYPE color")
