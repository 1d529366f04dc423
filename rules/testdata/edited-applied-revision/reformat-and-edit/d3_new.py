revision = "d3"
down_revision = "c2"


def upgrade():
    op.execute("select 1")


def downgrade():
    pass
