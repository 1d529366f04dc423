"""users.token with a volatile default

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:02:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("token", sa.Text(), server_default=sa.text("md5(random()::text)")))
    op.create_index("ix_users_name", "users", ["name"])


def downgrade():
    op.drop_index("ix_users_name", table_name="users")
    op.drop_column("users", "token")
