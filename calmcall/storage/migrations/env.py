"""Alembic environment: runs on the engine CalmCall hands over in `config.attributes`."""

from alembic import context

from calmcall.storage.fts import is_search_table
from calmcall.storage.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        # The FTS5 index is made by raw SQL in 0003; autogenerate must not try to drop it.
        include_name=lambda name, type_, _parents: not (type_ == "table"
                                                        and is_search_table(name)),
    )
    context.run_migrations()
