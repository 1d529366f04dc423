"""a data migration that needs the app's settings

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE kinds SET status = (SELECT value FROM app_settings WHERE key = 'default_status')")
    op.add_column("notes", sa.Column("kind", sa.Text(), nullable=False, server_default="plain"))


def downgrade():
    op.drop_column("notes", "kind")
