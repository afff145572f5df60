"""Facet sets, a narrow entry row and title ranking (docs/adr/0004-search-speed.md).

The index is derived data: this migration empties it, and the search app's post_migrate
hook rebuilds it from the content (``rebuild_search_index`` does the same by hand).
On PostgreSQL the tsvectors move out of the entry row (``toast_tuple_target``) and the
title vector gets its own GIN index.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    "CREATE INDEX search_title_document_gin ON search_searchentry USING gin (title_document)",
    # Text queries filter years on this expression (portal.search.query.Filters): give
    # the planner its distribution without offering it an index to walk.
    'CREATE STATISTICS search_entry_year ON (SUBSTRING("when", 1, 4)) FROM search_searchentry',
]
POSTGRES_BACKWARD = [
    "DROP STATISTICS IF EXISTS search_entry_year",
    "DROP INDEX IF EXISTS search_title_document_gin",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
]


# Adding the url column makes SQLite rebuild search_searchtext, which drops the triggers
# that keep search_fts in step (migration 0002): recreate them.
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchtext BEGIN
        INSERT INTO search_fts(rowid, title_tokens, tokens)
        VALUES (new.entry_id, new.title_tokens, new.tokens);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchtext BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.entry_id, old.title_tokens, old.tokens);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchtext BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.entry_id, old.title_tokens, old.tokens);
        INSERT INTO search_fts(rowid, title_tokens, tokens)
        VALUES (new.entry_id, new.title_tokens, new.tokens);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def empty_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # TRUNCATE leaves no deferred foreign-key checks behind to block the ALTERs below.
        schema_editor.execute("TRUNCATE search_searchentry CASCADE")
    else:
        apps.get_model("search", "SearchText").objects.all().delete()
        apps.get_model("search", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cooperation", "0001_initial"),
        ("mechanisms", "0001_initial"),
        ("search", "0002_fulltext"),
    ]

    operations = [
        migrations.RunPython(empty_index, migrations.RunPython.noop),
        migrations.CreateModel(
            name="FacetSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("signature", models.CharField(max_length=1000, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("mechanism", "mechanism"),
                            ("body", "body"),
                            ("meeting", "meeting"),
                            ("document", "document"),
                            ("section", "document section"),
                            ("news", "news"),
                            ("project", "key project"),
                            ("activity", "planned activity"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mechanisms.mechanism",
                    ),
                ),
                (
                    "countries",
                    models.ManyToManyField(blank=True, related_name="+", to="mechanisms.country"),
                ),
                (
                    "topics",
                    models.ManyToManyField(blank=True, related_name="+", to="cooperation.topic"),
                ),
            ],
            options={"verbose_name": "facet set", "verbose_name_plural": "facet sets"},
        ),
        migrations.RemoveField(model_name="searchentry", name="countries"),
        migrations.RemoveField(model_name="searchentry", name="topics"),
        migrations.RemoveField(model_name="searchentry", name="kind"),
        migrations.RemoveField(model_name="searchentry", name="mechanism"),
        migrations.RemoveField(model_name="searchentry", name="url"),
        migrations.AlterField(
            model_name="searchentry",
            name="when",
            field=models.CharField(blank=True, max_length=23),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="published",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="facet_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="entries",
                db_index=False,
                to="search.facetset",
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="rank_group",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                models.F("rank_group"),
                models.F("when").desc(),
                models.F("id").desc(),
                condition=models.Q(("published", True)),
                name="search_relevance_order",
            ),
        ),
        migrations.AddField(
            model_name="searchtext",
            name="url",
            field=models.CharField(
                default="", help_text="Path without the language prefix.", max_length=300
            ),
            preserve_default=False,
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_FORWARD}),
        ),
    ]
