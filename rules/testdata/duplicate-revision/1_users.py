"""add users"""
revision = "ab12"  # want: duplicate-revision
down_revision = None
