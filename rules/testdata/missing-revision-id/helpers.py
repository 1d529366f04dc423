"""shared helpers that should live outside the versions folder"""
import sqlalchemy as sa  # want: missing-revision-id


def audit_columns():
    return [sa.Column("created_at", sa.DateTime())]
