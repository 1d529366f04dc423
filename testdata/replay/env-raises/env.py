"""env.py that fails before migrating anything."""
from alembic import context

config = context.config


def settings():
    raise RuntimeError("SETTINGS_MODULE is not configured")


url = settings()
