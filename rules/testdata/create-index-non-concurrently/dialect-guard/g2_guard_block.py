"""the guard as a block, in upgrade() itself

Revision ID: g2
Revises: g1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "g2"
down_revision = "g1"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        return None
    op.create_index("ix_other_a", "accounts", ["a"])
    with op.batch_alter_table("accounts") as batch:
        batch.create_index("ix_other_b", ["b"])


def downgrade():
    pass
