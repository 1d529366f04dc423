revision = "c2"
down_revision = "a0"  # want: edited-applied-revision


def upgrade():
    pass


def downgrade():
    pass
