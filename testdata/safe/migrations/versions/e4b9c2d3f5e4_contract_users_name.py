"""contract: drop users.name now that every release reads display_name

Revision ID: e4b9c2d3f5e4
Revises: d3a8b1c2e4d3
Create Date: 2024-04-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "e4b9c2d3f5e4"
down_revision = "d3a8b1c2e4d3"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DROP TRIGGER IF EXISTS users_sync_display_name ON users")
    op.execute("DROP FUNCTION IF EXISTS users_sync_display_name()")
    # retort: ignore[drop-column] unused since release 2024.03 (expand in a0d5e8f9b1a0)
    op.drop_column("users", "name")


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


def downgrade():
    op.add_column("users", sa.Column("name", sa.Text(), nullable=True))
    op.execute("UPDATE users SET name = display_name WHERE name IS NULL")
    op.execute(SYNC_FUNCTION)
