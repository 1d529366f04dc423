revision = "c1"
down_revision = "a0"  # want: multiple-heads
depends_on = "b1"
