revision = "ef56"
down_revision = "cd34"
depends_on = "reporting_base"  # want: unknown-depends-on
