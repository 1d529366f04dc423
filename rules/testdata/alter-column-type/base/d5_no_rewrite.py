"""changes PostgreSQL makes without a rewrite, and their near misses

Revision ID: d5
Revises: d4
Create Date: 2024-03-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "d5"
down_revision = "d4"


def upgrade():
    # quiet: binary coercible, or only the type modifier relaxed
    op.alter_column("users", "bio", type_=sa.Text(), existing_type=sa.String(500), postgresql_using="bio::text")
    op.alter_column("users", "nick", type_=sa.String(80), existing_type=sa.String(40), postgresql_using="CAST(nick AS varchar(80))")
    op.alter_column("users", "note", type_=sa.Text(), existing_type=sa.String(20), postgresql_using="note")
    op.alter_column("users", "price", type_=sa.Numeric(12, 2), existing_type=sa.Numeric(10, 2))
    op.alter_column("users", "ratio", type_=sa.Numeric(), existing_type=sa.Numeric(10, 4))
    op.alter_column("users", "seen", type_=postgresql.TIMESTAMP(precision=6), existing_type=postgresql.TIMESTAMP(precision=3))
    op.alter_column("users", "doc", type_=sa.Text(), existing_type=postgresql.XML())
    op.execute("ALTER TABLE users ALTER COLUMN city TYPE varchar(200)")  # want: alter-column-type "^changing the type of column \"city\"" "old type of column \"city\" is unknown"
    op.execute("ALTER TABLE events ALTER COLUMN name TYPE text USING name::text")
    op.execute("ALTER TABLE events ALTER COLUMN name TYPE varchar(300) USING CAST(name AS varchar(300))")  # want: alter-column-type "from text to varchar\(300\)"
    # rewrites
    op.alter_column("users", "age", type_=sa.Text(), existing_type=sa.Integer(), postgresql_using="age::text")  # want: alter-column-type "from integer to text"
    op.alter_column("users", "slug", type_=sa.Text(), existing_type=sa.String(20), postgresql_using="lower(slug)")  # want: alter-column-type
    op.alter_column("users", "code", type_=sa.String(10), existing_type=sa.Text(), postgresql_using="code::varchar(10)")  # want: alter-column-type
    op.alter_column("users", "cost", type_=sa.Numeric(12, 4), existing_type=sa.Numeric(10, 2))  # want: alter-column-type
    op.alter_column("users", "at", type_=sa.DateTime(timezone=True), existing_type=sa.DateTime())  # want: alter-column-type
    op.alter_column("users", "when", type_=postgresql.TIMESTAMP(precision=0), existing_type=postgresql.TIMESTAMP(precision=3))  # want: alter-column-type
    op.execute("ALTER TABLE events ALTER COLUMN name TYPE varchar(20) USING name::varchar(20)")  # want: alter-column-type


def downgrade():
    pass
