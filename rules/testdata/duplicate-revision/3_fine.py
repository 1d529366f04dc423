revision = "cd34"
down_revision = "ab12"
