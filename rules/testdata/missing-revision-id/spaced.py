revision = "cd 34"  # want: missing-revision-id
down_revision = "ab12"
