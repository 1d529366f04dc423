"""unique user handle: index concurrently, then attach it as the constraint

Revision ID: 8b3e6f7a9c78
Revises: 7a2d5e6f8b67
Create Date: 2024-02-12 13:14:15.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "8b3e6f7a9c78"
down_revision = "7a2d5e6f8b67"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("handle", sa.String(length=40), nullable=True))
    with op.get_context().autocommit_block():
        op.create_index("uq_users_handle", "users", ["handle"], unique=True, postgresql_concurrently=True)
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE USING INDEX uq_users_handle")


def downgrade():
    op.drop_constraint("uq_users_handle", "users", type_="unique")
    op.drop_column("users", "handle")
