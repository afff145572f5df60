"""Template context shared by every page."""

from functools import cached_property, partial

from portal import i18n, sources


def languages(request):
    """The page's versions in the three languages and the content period."""
    return {
        "page_versions": PageVersions(request),
        # Called only by a template that shows it (the footer): "May 2017 – July 2024".
        "content_period": partial(sources.content_period, request),
    }


class PageVersions:
    """The page in every language, shaped once for the head's ``hreflang`` links and the
    language switcher.

    The templates built each link from the request (host, scheme, query string) per
    language and per use: six host checks and three encodings of the query string a page.
    """

    def __init__(self, request):
        self.request = request

    @cached_property
    def links(self) -> list[dict]:
        """Per language: code, native name, absolute URL (``url``), the switcher's link
        with the query string kept (``href``), and whether it is the page's language."""
        request = self.request
        origin = f"{request.scheme}://{request.get_host()}"
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        current = i18n.current_language()
        return [
            {
                "code": alternate["code"],
                "name": alternate["name"],
                "url": origin + alternate["path"],
                "href": alternate["path"] + query,
                "current": alternate["code"] == current,
            }
            for alternate in i18n.alternates(request.path)
        ]

    @cached_property
    def default_url(self) -> str:
        """The absolute URL of the page in the default language (``x-default``)."""
        return next(link["url"] for link in self.links if link["code"] == i18n.DEFAULT_LANGUAGE)
