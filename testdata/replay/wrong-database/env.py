"""env.py that ignores sqlalchemy.url and DATABASE_URL and builds its own URL."""
import os

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import make_url

# the "real" database of the app: the same server, its maintenance database
url = make_url(os.environ["DATABASE_URL"]).set(database=os.environ.get("APP_DB", "postgres"))

with create_engine(url, poolclass=pool.NullPool).connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
