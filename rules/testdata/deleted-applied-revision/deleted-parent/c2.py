revision = "c2"
down_revision = "b1"  # want: deleted-applied-revision
