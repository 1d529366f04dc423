"""create index on run_uuid for postgres

Revision ID: e2
Revises: e1
Create Date: 2022-03-03 10:14:34.037978

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e2"
down_revision = "e1"
branch_labels = None
depends_on = None


def upgrade():
    # only PostgreSQL and SQLite get these indexes
    bind = op.get_bind()
    if bind.engine.name in ["postgresql", "sqlite"]:
        for table in ["params", "metrics", "tags"]:
            op.create_index(f"index_{table}_run_uuid", table, ["run_uuid"])  # want: create-index-non-concurrently
    if bind.engine.name == "mysql":
        op.create_index("index_params_key", "params", ["key"])


def downgrade():
    pass
