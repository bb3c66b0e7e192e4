"""search on PostgreSQL: a GIN expression index on each searched table, not a token side table

Each table that an owner's migration gave a search index (``core.search.create_search_index``)
had, on PostgreSQL, a side table ``search_<table>(id, tokens)`` kept by the row trigger
``trg_search_<table>``. Counting matches read those wide rows one by one (GIN has no index-only
scan), so the table now carries a GIN index on ``fazhi_search_grams(ARRAY[col::text, …])``
instead, kept by the database itself. The side tables, triggers and their functions go.
Nothing changes on SQLite (FTS5).

Revision ID: 3f6b2c8d9e1a
Revises: 5e1f0c7a2b9d
Create Date: 2026-11-30 14:00:00

"""

import re

from alembic import op
from sqlalchemy import text

from core.search import create_search_index, pg_index_name

revision = "3f6b2c8d9e1a"
down_revision = "5e1f0c7a2b9d"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The tables of the old scheme and their columns: the arguments of their row triggers.
    triggers = bind.execute(
        text(
            "SELECT c.relname, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'trg\\_search\\_%' AND NOT t.tgisinternal ORDER BY c.relname"
        )
    ).all()
    for table_name, arguments in triggers:
        columns = [a.decode() for a in bytes(arguments).split(b"\x00") if a]
        create_search_index(bind, table_name, columns)  # drops the side table and its trigger
    bind.execute(text("DROP FUNCTION IF EXISTS fazhi_search_maintain()"))
    bind.execute(text("DROP FUNCTION IF EXISTS fazhi_search_tokens(text[], bigint)"))


# The scheme of revision 5e1f0c7a2b9d, as it was (for the downgrade).
_OLD_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION fazhi_search_tokens(vals text[], region_id bigint) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(array_agg(DISTINCT t ORDER BY t), '{}') FROM (
        SELECT substr(lower(v), i, 1) AS t FROM unnest(vals) AS v, generate_series(1, length(v)) AS i
        UNION ALL
        SELECT substr(lower(v), i, 2) FROM unnest(vals) AS v, generate_series(1, length(v) - 1) AS i
        UNION ALL
        SELECT substr(lower(v), i, 3) FROM unnest(vals) AS v, generate_series(1, length(v) - 2) AS i
        UNION ALL
        SELECT 'region:' || region_id WHERE region_id IS NOT NULL
    ) AS tokens
$fn$
""",
    """
CREATE OR REPLACE FUNCTION fazhi_search_maintain() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    record jsonb := to_jsonb(NEW);
    vals text[] := '{}';
    col text;
BEGIN
    FOREACH col IN ARRAY TG_ARGV LOOP
        vals := vals || (record ->> col);
    END LOOP;
    EXECUTE format('INSERT INTO %I (id, tokens) VALUES ($1, $2) '
                   'ON CONFLICT (id) DO UPDATE SET tokens = EXCLUDED.tokens', 'search_' || TG_TABLE_NAME)
        USING (record ->> 'id')::bigint, fazhi_search_tokens(vals, (record ->> 'region_id')::bigint);
    RETURN NULL;
END
$fn$
""",
)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    indexes = bind.execute(
        text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid WHERE pg_get_indexdef(i.indexrelid) LIKE "
            "'%fazhi_search_grams(ARRAY[%' ORDER BY c.relname"
        )
    ).all()
    for function in _OLD_FUNCTIONS:
        bind.execute(text(function))
    for table_name, definition in indexes:
        inside = re.search(r"ARRAY\[(.*)\]", definition).group(1)
        columns = [re.sub(r"[()\"]|::text", "", part).strip() for part in inside.split(",")]
        side = f"search_{table_name}"
        bind.execute(text(f"DROP INDEX IF EXISTS {pg_index_name(table_name)}"))
        bind.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {side} (id bigint PRIMARY KEY "
                f"REFERENCES {table_name} (id) ON DELETE CASCADE, tokens text[] NOT NULL)"
            )
        )
        bind.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{side}_tokens ON {side} USING gin (tokens)"))
        arguments = ", ".join(f"'{c}'" for c in columns)
        bind.execute(
            text(
                f"CREATE TRIGGER {f'trg_{side}'[:63]} AFTER INSERT OR UPDATE ON {table_name} "
                f"FOR EACH ROW EXECUTE FUNCTION fazhi_search_maintain({arguments})"
            )
        )
        has_region = bind.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns "
                "WHERE table_name = :t AND column_name = 'region_id')"
            ),
            {"t": table_name},
        ).scalar_one()
        values = ", ".join(f"{c}::text" for c in columns)
        bind.execute(
            text(
                f"INSERT INTO {side} (id, tokens) SELECT id, fazhi_search_tokens(ARRAY[{values}], "
                f"{'region_id' if has_region else 'NULL'}) FROM {table_name}"
            )
        )
    bind.execute(text("DROP FUNCTION IF EXISTS fazhi_search_grams(text[])"))
