"""backfill only

Revision ID: o7
Revises: o6
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "o7"
down_revision = "o6"


def upgrade():
    op.execute("UPDATE users SET plan = 'free' WHERE plan IS NULL")
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_plan")


def downgrade():
    pass
