import os

from alembic import context
from sqlalchemy import engine_from_config, event, pool

config = context.config
url = os.environ.get("DATABASE_URL")
if url:
    config.set_main_option("sqlalchemy.url", url)

target_metadata = None


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )

    @event.listens_for(connectable, "connect")
    def set_lock_timeout(dbapi_connection, connection_record):
        # no revision waits more than 5s for a lock (missing-lock-timeout)
        cursor = dbapi_connection.cursor()
        cursor.execute("SET lock_timeout = '5s'")
        cursor.close()
        dbapi_connection.commit()

    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
