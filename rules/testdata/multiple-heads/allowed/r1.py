revision = "r1"
down_revision = "r0"
