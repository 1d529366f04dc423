"""server default only

Revision ID: o8
Revises: o7
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "o8"
down_revision = "o7"


def upgrade():
    op.alter_column("users", "plan", server_default="free")
    op.execute("CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active")


def downgrade():  # want: empty-downgrade
    pass
