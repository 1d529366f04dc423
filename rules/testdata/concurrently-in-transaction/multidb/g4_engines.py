"""multi-database template

Revision ID: g4
Revises:
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "g4"
down_revision = None


def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()


def upgrade_engine1() -> None:
    op.create_index("ix_a", "a", ["x"], postgresql_concurrently=True)  # want: concurrently-in-transaction


def downgrade_engine1() -> None:
    pass


def upgrade_engine2() -> None:
    _concurrent_indexes()
    upgrade_helper()
    with op.get_context().autocommit_block():
        _concurrent_indexes_ok()


def downgrade_engine2() -> None:
    pass


def _concurrent_indexes():
    op.create_index("ix_b", "b", ["y"], postgresql_concurrently=True)  # want: concurrently-in-transaction


def _concurrent_indexes_ok():
    op.create_index("ix_c", "c", ["z"], postgresql_concurrently=True)


def upgrade_helper():
    op.create_index("ix_d", "d", ["w"], postgresql_concurrently=True)  # want: concurrently-in-transaction
