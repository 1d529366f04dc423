"""expand: add users.display_name next to users.name and keep them in sync

The rename of users.name to users.display_name is done expand/contract:
this revision adds the new column and a trigger, a later one drops the old.

Revision ID: a0d5e8f9b1a0
Revises: 9c4f7a8b0d89
Create Date: 2024-03-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "a0d5e8f9b1a0"
down_revision = "9c4f7a8b0d89"
branch_labels = None
depends_on = None

SYNC_FUNCTION = """
CREATE OR REPLACE FUNCTION users_sync_display_name() RETURNS trigger AS $$
BEGIN
    IF NEW.display_name IS NULL THEN
        NEW.display_name := NEW.name;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_sync_display_name
    BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_sync_display_name();
"""


def upgrade():
    op.add_column("users", sa.Column("display_name", sa.Text(), nullable=True))
    op.execute(SYNC_FUNCTION)
    # the backfill runs after the schema change has committed
    with op.get_context().autocommit_block():
        op.execute(
            "UPDATE users SET display_name = name "
            "WHERE display_name IS NULL AND id < 100000"
        )


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS users_sync_display_name ON users")
    op.execute("DROP FUNCTION IF EXISTS users_sync_display_name()")
    op.drop_column("users", "display_name")
