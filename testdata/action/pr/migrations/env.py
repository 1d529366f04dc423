"""env.py: the URL from DATABASE_URL when set, else from alembic.ini.

The pull request also makes env.py import the application's models and take
the URL's driver from the application's settings (psycopg2 or psycopg 3,
whichever the interpreter has): the job installs them into its Python, or the
Docker action from requirements.txt (its python-requirements input).
"""
import os

from alembic import context
from sqlalchemy import engine_from_config, event, pool

import retort_e2e_models

config = context.config
url = retort_e2e_models.database_url(os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url"))


def run_migrations_online():
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = url
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)

    @event.listens_for(connectable, "connect")
    def set_lock_timeout(dbapi_connection, connection_record):
        # no revision waits more than 5s for a lock
        cursor = dbapi_connection.cursor()
        cursor.execute("SET lock_timeout = '5s'")
        cursor.close()
        dbapi_connection.commit()

    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=url, target_metadata=None, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
