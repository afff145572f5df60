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
