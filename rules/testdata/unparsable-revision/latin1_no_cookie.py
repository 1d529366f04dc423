revision = "e1"
down_revision = "d1"
label = "café"  # want: unparsable-revision
