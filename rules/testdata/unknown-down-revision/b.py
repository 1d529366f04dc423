revision = "cd34"
down_revision = "ab1"  # want: unknown-down-revision
