revision = "a"
down_revision = "b"  # want: revision-cycle
