revision = REVISION  # computed: missing-revision-id says so, it is not a deletion
down_revision = "a0"
