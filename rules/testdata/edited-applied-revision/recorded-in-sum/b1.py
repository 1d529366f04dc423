revision = "b1"  # want: edited-applied-revision
down_revision = "a0"


def upgrade():
    op.add_column("users", sa.Column("age", sa.BigInteger()))


def downgrade():
    op.drop_column("users", "age")
