"""Filtering a list by the words a reader typed: declared here, provided by the search.

Lists of the content apps (meetings, documents) filter by words without importing the
search (layers point one way: core <- mechanisms <- cooperation <- news <- search). The
search registers its engine in its ``AppConfig.ready``; without it, words match nothing.
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext

_ENGINE: dict = {}


def register(records_matching, planned_for_words) -> None:
    """Install the functions that match words (called by ``portal.search``)."""
    _ENGINE["records_matching"] = records_matching
    _ENGINE["planned_for_words"] = planned_for_words


def records_matching(queryset, query: str, words=None, *, matches=None):
    """Restrict a queryset of an indexed model to the records the words find.

    ``words``: what ``planned_for_words`` yielded for the same query (parsed once);
    ``matches``: how many published records of the model the words match, if known (the
    engine may then read few matches another way).
    """
    matcher = _ENGINE.get("records_matching")
    if matcher is None:
        return queryset.none() if (query or "").strip() else queryset
    return matcher(queryset, query, words, matches=matches)


@contextmanager
def planned_for_words(query: str, *, counting: bool = True):
    """Run a page's word-filtered queries under the search engine's planner settings.

    Yields the words as the engine parsed them (None without words or engine), to pass
    to ``records_matching``. ``counting=False``: the page does not count the matching
    rows (its total is a maintained count), which the engine may plan without settings.
    """
    planner = _ENGINE.get("planned_for_words")
    with planner(query, counting=counting) if planner else nullcontext() as words:
        yield words
