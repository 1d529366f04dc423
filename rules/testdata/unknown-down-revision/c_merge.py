revision = "ef56"
down_revision = (  # want: unknown-down-revision
    "ab12",
    "zz99",
)
