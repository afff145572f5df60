"""Maintained counts, provided by a higher layer: totals without counting rows.

The search index keeps how many published entries each facet set (kind, mechanism,
countries, topics) has per start year (``portal.search.models.FacetCount``). The
mechanism, meeting, document and country pages may not import the search layer (layers
point one way), so the top layer registers its counters (``portal.selectors``) here when
it starts (``SearchConfig.ready``), and the pages ask by name. Without a counter (an app
set without search) they count rows.
"""

from collections.abc import Callable

_counters: dict[str, Callable[..., object]] = {}


def provide(name: str, counter: Callable[..., object]) -> None:
    """Register the counter answering ``name``."""
    _counters[name] = counter


def maintained(name: str, **filters):
    """Ask the counter ``name``; None when nobody provides it."""
    counter = _counters.get(name)
    return counter(**filters) if counter is not None else None
