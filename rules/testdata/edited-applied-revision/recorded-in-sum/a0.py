revision = "a0"
down_revision = None


def upgrade():
    # a comment and new quotes are not an edit
    op.add_column("users", sa.Column("name", sa.Text(),))


def downgrade():
    op.drop_column("users", "name")
