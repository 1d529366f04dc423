revision = "ef-56"  # want: missing-revision-id
down_revision = "ab12"
