"""PostgreSQL: each entry's vector also holds its start year ("§2017"), so a text query with
a year range reads only the matches of those years from the index (portal.search.backends).
"""

from django.db import migrations

FORWARD = (
    "UPDATE search_searchentry SET document = document || "
    "array_to_tsvector(ARRAY['§' || SUBSTRING(\"when\", 1, 4)]) WHERE \"when\" <> ''"
)


def add_year_lexemes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_relevance_walk_covers_facet_set")]

    operations = [migrations.RunPython(add_year_lexemes, migrations.RunPython.noop)]
