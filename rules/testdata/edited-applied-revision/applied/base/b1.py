revision = "b1"
down_revision = "a0"


def upgrade():
    op.execute("select 1")
