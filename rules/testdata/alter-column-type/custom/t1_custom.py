"""custom types: a TypeDecorator defined here, and configured ones

Revision ID: t1
Revises:
Create Date: 2024-03-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator

from myapp.models import types as mtypes
from myapp.models.types import TZDateTime

revision = "t1"
down_revision = None


class LongText(TypeDecorator):
    impl = sa.Text
    cache_ok = True


class GUID(sa.types.TypeDecorator):
    impl = postgresql.UUID(as_uuid=True)

    def process_bind_param(self, value, dialect):
        impl = "not this one"
        return value


class Shortish(TypeDecorator):
    impl = sa.String(30)


def upgrade():
    # quiet: the decorator is already the target type on PostgreSQL
    op.alter_column("posts", "body", type_=LongText(), existing_type=sa.String(1000))
    op.alter_column("posts", "uid", type_=postgresql.UUID(), existing_type=GUID())
    op.alter_column("posts", "title", type_=Shortish(), existing_type=sa.String(20))
    op.alter_column("posts", "meta", type_=postgresql.JSONB(), existing_type=mtypes.JSONType())
    op.alter_column("posts", "created", type_=sa.DateTime(timezone=True), existing_type=TZDateTime())
    # rewrites
    op.alter_column("posts", "summary", type_=Shortish(), existing_type=sa.Text())  # want: alter-column-type "from text to varchar\(30\)"
    op.alter_column("posts", "data", type_=postgresql.JSONB(), existing_type=sa.JSON())  # want: alter-column-type
    op.alter_column("posts", "other", type_=postgresql.JSONB(), existing_type=mtypes.Unmapped())  # want: alter-column-type "^changing the type of column \"other\"" "types table"
    op.alter_column("posts", "ts", type_=TZDateTime(), existing_type=sa.DateTime())  # want: alter-column-type


def downgrade():
    pass
