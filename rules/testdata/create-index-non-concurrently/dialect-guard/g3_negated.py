"""negated guards: the PostgreSQL branch is checked, the other is not

Revision ID: g3
Revises: g2
Create Date: 2024-03-03 10:00:00.000000

"""
from alembic import context, op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "g3"
down_revision = "g2"
branch_labels = None
depends_on = None


def _skip_on_sqlite(bind):
    url = str(bind.url)
    if url.startswith("sqlite") is False:
        op.create_index("ix_h1", "accounts", ["h1"])  # want: create-index-non-concurrently
    else:
        op.create_index("ix_sqlite_h1", "accounts", ["h1"])
    if not url.startswith("sqlite"):
        return
    op.create_index("ix_sqlite_h2", "accounts", ["h2"])


def upgrade():
    bind = op.get_bind()
    is_sqlite = bind.dialect.name == "sqlite"
    _skip_on_sqlite(bind)
    if not is_sqlite:
        op.create_index("ix_a", "accounts", ["a"])  # want: create-index-non-concurrently
    if not bind.dialect.name == "sqlite":
        op.create_index("ix_b", "accounts", ["b"])  # want: create-index-non-concurrently
    if bind.dialect.name != "mysql":
        op.create_index("ix_c", "accounts", ["c"])  # want: create-index-non-concurrently
    if bind.dialect.name == "postgresql" and not context.is_offline_mode():
        op.create_index("ix_d", "accounts", ["d"])  # want: create-index-non-concurrently
    if not (is_sqlite or bind.dialect.name == "mysql"):
        op.create_index("ix_e", "accounts", ["e"])  # want: create-index-non-concurrently
    if is_sqlite and not context.is_offline_mode():
        op.create_index("ix_sqlite_f", "accounts", ["f"])
    if not is_sqlite is False:
        op.create_index("ix_sqlite_g", "accounts", ["g"])
    if bind.dialect.name not in ("mysql", "sqlite"):
        op.create_index("ix_i", "accounts", ["i"])  # want: create-index-non-concurrently
    else:
        op.create_index("ix_other_i", "accounts", ["i"])
    if "sqlite" in str(bind.url):
        op.create_index("ix_sqlite_j", "accounts", ["j"])
    if not is_sqlite:
        return
    op.create_index("ix_sqlite_k", "accounts", ["k"])


def downgrade():
    pass
