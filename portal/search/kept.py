"""What a process keeps of the index and of the search's labels, per content generation.

An entry's row (its tokens, titles and texts), a field's token counts, a term's
statistics and the mechanisms' labels do not depend on the query that reads them: kept,
a search reads from the database only which entries match and how they split into
facets. For /en/search/?q=climate the rows of its 28 matches were 460 KB and 1.2 ms of
CPU to read, of an 8 ms page. Valid while the content generation holds, like every kept
fragment (``portal.caching``): whatever changes the index advances it (record and
glossary saves, thesaurus edits, rebuilds), and the next search starts a new store.
Kept in the process, not the cache: reading them back from Redis would cost what reading
them from the database does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal import caching

if TYPE_CHECKING:
    from portal.search.scoring import Candidate

#: The most entries' rows a process keeps (about 8 KB each at the real size, where every
#: entry fits, and as much again for their fields' counts), and the most terms'
#: statistics; a full store of either starts over.
KEPT_ROWS = 500
KEPT_TERMS = 50_000


class Kept:
    """The store of one content generation (see the module's docstring)."""

    def __init__(self, generation: int | None):
        self.generation = generation
        #: Entries' rows by id (``ranking.entry_rows``).
        self.rows: dict[int, dict] = {}
        #: What scoring reads of an entry, by id (``scoring.Candidate``).
        self.candidates: dict[int, Candidate] = {}
        #: Token counts and lengths per (entry id, field) (``scoring.Scorer``).
        self.counted: dict[tuple[int, str], tuple] = {}
        #: Terms' document frequencies, and the index's totals (``ranking._statistics``).
        self.terms: dict[str, int] = {}
        self.totals: tuple[int, dict[str, float]] | None = None
        #: Named values (``value``).
        self.values: dict[str, object] = {}


_kept = Kept(None)


def current() -> Kept:
    """The store of the current content generation."""
    global _kept
    # What is kept holds every language (or names its language): one store per generation.
    generation = caching.content_generation()
    if _kept.generation != generation:
        _kept = Kept(generation)
    return _kept


def value(name: str, compute):
    """A value computed once per content generation in this process (``name`` says its
    language when it has one), like ``caching.remember`` without a cache read."""
    values = current().values
    if name not in values:
        values[name] = compute()
    return values[name]


def forget() -> None:
    """Drop what this process keeps (tests roll the content generation back)."""
    global _kept
    _kept = Kept(None)
