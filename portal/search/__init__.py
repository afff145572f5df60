"""Search over all content, in Chinese, English and Russian, on PostgreSQL and SQLite.

- ``analyzer``: turns text and queries into index tokens (the same code for both).
- ``index``: the index table's upkeep (follows saves and deletes; rebuilds).
- ``backends``: full-text matching per database (tsvector + GIN, or FTS5).
- ``query``: the search a view runs: parse, filter, facet, rank, snippet.

See docs/adr/0002-search.md for why it is built this way.
"""
