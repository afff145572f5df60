"""Pages of API lists: ``count``, ``next``, ``previous``, ``results``, and a Link header."""

from rest_framework.pagination import PageNumberPagination

PER_PAGE = 20
MAX_PER_PAGE = 100


class ApiPagination(PageNumberPagination):
    page_size = PER_PAGE
    page_size_query_param = "page_size"
    max_page_size = MAX_PER_PAGE

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response


class NarrowRows:
    """A list's records for a paginator: sorts ids only, then fetches the page's records.

    Sorting full rows would carry every text column (three languages) through the sort;
    at 100,000 meetings the narrow sort is what keeps a page fast. ``count``, when given,
    is the list's total from maintained counts (``cooperation.counts``), as the pages
    have it: counting 100,000 rows per page cost more than the page itself.
    """

    def __init__(self, queryset, count=None):
        self.queryset = queryset
        self.total = count

    def count(self):
        return self.queryset.count() if self.total is None else self.total

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        ids = list(self.queryset.values_list("pk", flat=True)[page])
        found = self.queryset.order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
