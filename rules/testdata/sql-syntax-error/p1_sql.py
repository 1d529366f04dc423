"""raw sql

Revision ID: p1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "p1"
down_revision = None
branch_labels = None
depends_on = None

FIX = """
UPDATE users SET plan = 'free' WHERE plan IS NULL;
ALTER TABLE users ALTER COLUMN plan SET DEFALT 'free';  -- # want: sql-syntax-error
"""


def upgrade():
    op.execute("CREATE INDEX CONCURRENTY ix_a ON users (a)")  # want: sql-syntax-error
    op.execute(sa.text("SELEC 1"))  # want: sql-syntax-error
    op.execute(FIX)
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE users SET x = 1 WHERE id = = 2"))  # want: sql-syntax-error
    op.execute(
        "UPDATE users SET name = 'a' "
        "WHERE id = 1; "
        "DELET FROM users"  # want: sql-syntax-error
    )

    # quiet: valid SQL, bind parameters, casts, dollar quoting, run-time strings
    conn.execute(sa.text("UPDATE users SET plan = :plan WHERE id = :id"), {"plan": "pro", "id": 1})
    op.execute("SELECT '12:30'::time, now()::date")
    op.execute(sa.text("SELECT now()\\:\\:date, :when"))
    op.execute(
        """
        CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """
    )
    table = "users"
    op.execute(f"ANALYZE {table}")
    op.execute("GRANT SELECT ON %s TO reader" % table)
    op.execute("COMMENT ON TABLE users IS 'people'")
    if op.get_bind().dialect.name == "mysql":
        op.execute("ALTER TABLE users MODIFY name VARCHAR(10)")


def downgrade():
    op.execute("DROP FUNCTON touch()")


NAME = "users"


def upgrade_built():
    op.execute(f"UPDAT {NAME} SET x = 1")  # want: sql-syntax-error
    op.execute(f"UPDATE {NAME} SET {unknown_clause}")
