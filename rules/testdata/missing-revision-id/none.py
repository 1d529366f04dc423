revision = None  # want: missing-revision-id
down_revision = None
