"""Full-text search on PostgreSQL: a GIN index on the same expression the search query uses
(``itpm.ideas.queries.search``). SQLite has no such index; the query falls back to word matching."""

from django.db import migrations

INDEX = "idea_search_gin"
EXPRESSION = "to_tsvector('english'::regconfig, title || ' ' || description)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON ideas_idea USING gin ({EXPRESSION})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_builtin_statuses")]

    operations = [migrations.RunPython(create_index, drop_index)]
