revision = "b1"
down_revision = "a0"


def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer()))


def downgrade():
    op.drop_column("users", "age")
