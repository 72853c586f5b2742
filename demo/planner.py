"""Fresh planner statistics after rows are written or deleted in bulk."""

from django.apps import apps
from django.db import connections


def refresh_planner_statistics(using):
    """Let the database's planner see the rows just written or deleted in bulk.

    Without fresh statistics PostgreSQL plans for the tables as they were (a
    handful of rows) and reads 100,000 spaces where an index would do; and
    autovacuum may be off or late. VACUUM also marks the pages all-visible, so
    the facet counts can read their indexes alone. VACUUM cannot run inside a
    transaction: there (in tests, or a caller's atomic block) ANALYZE alone.
    """
    connection = connections[using]
    tables = directory_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {', '.join(connection.ops.quote_name(table) for table in tables)}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def directory_tables():
    """The domain app's tables, many-to-many link tables included."""
    return [model._meta.db_table for model in apps.get_app_config("makerspaces").get_models(include_auto_created=True)]
