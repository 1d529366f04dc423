revision = "a1`\n\n<!-- retort -->\n# pwned [x](https://evil.example)"  # want: missing-revision-id
down_revision = "ab12"
