revision = "ab12"
down_revision = None
