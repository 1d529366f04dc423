revision = "b"
down_revision = "a"  # want: revision-cycle
