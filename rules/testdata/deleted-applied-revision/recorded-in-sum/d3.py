revision = "d3"
down_revision = "b1"
depends_on = "c2"  # want: deleted-applied-revision
