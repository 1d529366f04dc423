revision = "c2"
down_revision = "b1"


def upgrade():
    pass


def downgrade():
    pass
