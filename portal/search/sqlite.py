"""The SQLite engine: an FTS5 table of the entries' tokens, kept by triggers."""

from contextlib import contextmanager

from portal.search.backends import SearchBackend
from portal.search.parsing import And


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    @contextmanager
    def tuned(self, has_words):
        yield

    def write(self, rows):
        """Nothing to do: triggers keep search_fts in step with the text table."""

    def insert(self, entries, tokens):
        """Insert new entries (their texts' triggers fill search_fts)."""
        from portal.search.models import SearchEntry

        return SearchEntry.objects.bulk_create(entries)

    def after_rebuild(self):
        """Nothing to do."""

    @staticmethod
    def _phrase(token):
        return '"' + token.replace('"', '""') + '"'

    @classmethod
    def _render(cls, expr) -> str:
        if isinstance(expr, str):
            return cls._phrase(expr)
        joiner = " AND " if isinstance(expr, And) else " OR "
        return "(" + joiner.join(cls._render(item) for item in expr.items) + ")"

    def _difference_sql(self, kept, dropped):
        return (
            "search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [f"{self._render(kept)} NOT {self._render(dropped)}"],
        )

    def _sql(self, expr, title=False, years=()):
        # Years are left to the SQL filter (portal.search.query.Filters).
        expression = self._render(expr)
        if title:
            expression = f"title_tokens : {expression}"
        return (
            "search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [expression],
        )
