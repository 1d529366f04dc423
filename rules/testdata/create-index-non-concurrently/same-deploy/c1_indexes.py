"""index teams and users (new in this change)

Revision ID: c1
Revises: b1
Create Date: 2024-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "c1"
down_revision = "b1"


def upgrade():
    # quiet: teams is created by b1, which ships in the same deploy, so it is empty
    op.create_index("ix_teams_name", "teams", ["name"])
    # users exists in production with its rows
    op.create_index("ix_users_email", "users", ["email"])  # want: create-index-non-concurrently


def downgrade():
    op.drop_index("ix_users_email", table_name="users")
    op.drop_index("ix_teams_name", table_name="teams")
