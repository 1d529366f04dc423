revision = "c1"
down_revision = "b1"
