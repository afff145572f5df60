"""Paging a list of records: its page's ids first, the rows only when a row is not kept.

Shared by the meetings, documents and news lists. ``{% cached_rows %}`` renders each row
once per record, content generation and language; a page then needs only its ids (one
narrow query through the list's order index), and reads the rows themselves only for a
row it does not hold yet.
"""

from collections.abc import Callable, Sequence

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told its total, so that it does not count the rows itself."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


def paginator(object_list, per_page, count=None, **kwargs) -> Paginator:
    """A paginator that counts the rows only when the total is not known already."""
    if count is None:
        return Paginator(object_list, per_page, **kwargs)
    return CountedPaginator(object_list, per_page, count, **kwargs)


class NarrowFirst:
    """A list's rows read in two steps: the page's ids through the list's order (narrow,
    so a deep page skips index entries, not rows), then those rows with ``rows()``.

    ``rows``: the queryset the rows are read from by id, without the list's filters (a
    words filter would search again).
    """

    ordered = True

    def __init__(self, queryset, rows: Callable):
        self.queryset, self.rows = queryset, rows

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        ids = list(self.queryset.values_list("pk", flat=True)[page])
        return PageRows(ids, self.queryset.model, self.rows)


class PageRows(Sequence):
    """One page's rows: their ids at once, the rows themselves when first needed.

    ``{% cached_rows %}`` asks only for the ids (``identities``) and reads the rows when
    one is not kept: reading twenty rows with their mechanism and country was a quarter
    of a list page's CPU.
    """

    def __init__(self, ids, model, rows: Callable):
        self.ids, self.model, self.rows = ids, model, rows
        self._records: list | None = None

    def identities(self):
        return [(self.model._meta.label, pk) for pk in self.ids]

    def _read(self):
        if self._records is None:
            found = self.rows().in_bulk(self.ids) if self.ids else {}
            self._records = [found[pk] for pk in self.ids if pk in found]
        return self._records

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self._read()[index]

    def __iter__(self):
        return iter(self._read())
