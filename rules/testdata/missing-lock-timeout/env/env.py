from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"), connect_args={"options": "-c lock_timeout=5s"})
