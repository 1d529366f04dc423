revision = "c1"
down_revision = "a0"
