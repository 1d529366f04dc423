"""primary keys

Revision ID: j1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "j1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_primary_key("pk_roles", "roles", ["user_id", "project_id"])  # want: add-primary-key "pk_roles"
    op.execute("ALTER TABLE events ADD PRIMARY KEY (id)")  # want: add-primary-key "events_pkey"
    op.execute("ALTER TABLE logs ADD COLUMN id bigint PRIMARY KEY DEFAULT 0")  # want: add-primary-key "logs_pkey"
    op.execute("ALTER TABLE notes ADD COLUMN nid bigint CONSTRAINT pk_notes PRIMARY KEY DEFAULT 0")  # want: add-primary-key "pk_notes"
    op.execute("ALTER TABLE tags ADD CONSTRAINT pk_tags PRIMARY KEY (tag_id)")  # want: add-primary-key "pk_tags"

    # quiet
    with op.get_context().autocommit_block():
        op.execute("CREATE UNIQUE INDEX CONCURRENTLY pk_audits_idx ON audits (id)")
    op.execute("ALTER TABLE audits ADD CONSTRAINT pk_audits PRIMARY KEY USING INDEX pk_audits_idx")
    op.create_table("links", sa.Column("a", sa.Integer()), sa.Column("b", sa.Integer()))
    op.create_primary_key("pk_links", "links", ["a", "b"])


def downgrade():
    op.drop_constraint("pk_roles", "roles", type_="primary")
