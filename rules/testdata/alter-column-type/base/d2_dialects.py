"""several databases

Revision ID: d2
Revises: d1
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "d2"
down_revision = "d1"


def upgrade():
    conn = op.get_bind()
    if conn.dialect.name == "mysql":
        conn.execute("SET time_zone = '+00:00'")
        op.alter_column("dag", "last_run", type_=mysql.TIMESTAMP(fsp=6))
    elif conn.dialect.name == "sqlite":
        op.alter_column("dag", "last_run", type_=sa.DateTime())
    else:
        op.alter_column("dag", "last_run", type_=sa.TIMESTAMP(timezone=True))  # want: alter-column-type
    if conn.dialect.name == "postgresql":
        op.alter_column("dag", "next_run", type_=sa.TIMESTAMP(timezone=True))  # want: alter-column-type
    else:
        op.alter_column("dag", "next_run", type_=mysql.TIMESTAMP(fsp=6))
    is_sqlite = conn.dialect.name == "sqlite"
    if not is_sqlite:
        op.alter_column("dag", "x", type_=sa.BigInteger())  # want: alter-column-type
    if is_sqlite: op.alter_column("dag", "y", type_=sa.BigInteger())
    if conn.dialect.name != "postgresql":
        op.alter_column("dag", "z", type_=sa.BigInteger())
    for t in ("a", "b"):
        op.alter_column(t, "w", type_=sa.BigInteger())  # want: alter-column-type
    try:
        op.alter_column("dag", "v", type_=sa.BigInteger())  # want: alter-column-type
    except Exception:
        pass
    else:
        op.alter_column("dag", "u", type_=sa.BigInteger())  # want: alter-column-type


def downgrade():
    pass
