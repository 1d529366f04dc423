revision = "a0"
down_revision = None


def upgrade():
    op.execute("select 1")
