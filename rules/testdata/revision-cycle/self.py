revision = "s"
down_revision = "s"  # want: revision-cycle
