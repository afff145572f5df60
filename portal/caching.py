"""The anonymous page cache, always right: pages are keyed by the content generation.

Every save, delete and many-to-many change of a content model (apps in CONTENT_APPS)
advances one counter in the database (``ContentGeneration``). A cached page remembers the
generation it was rendered under and is served only while the counter still has that
value, so a publish, edit or delete is visible at once on every node, whatever the cache
(local memory per process, or Redis shared by all). A page rendered while an edit commits
may be stored under the older generation with the newer content (the counter is read
first); it is never the other way round.

Only anonymous requests are cached (no session cookie: staff previews and the admin are
never cached), per language, host, query string and gzip. Hits answer conditional GETs
(ETag, Last-Modified = when the content last changed) and carry a Cache-Control that lets
browsers and CDNs keep the page (``PAGE_CACHE_MAX_AGE``, ``PAGE_CACHE_SHARED_MAX_AGE``).
"""

import hashlib
from contextvars import ContextVar
from datetime import UTC

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

#: Apps whose models are content: a change to any of their rows may change any page.
CONTENT_APPS = frozenset({"portal", "mechanisms", "cooperation", "news"})
#: Models of other apps that are content too: the search thesaurus changes what search
#: pages show.
CONTENT_MODELS = frozenset({"search.variant"})

#: Tables derived from the content by their owners (``portal.term_uses``), and the counter
#: itself: their writes follow a content change that already advanced the generation.
DERIVED_MODELS = frozenset({"portal.contentgeneration", "portal.termuse", "portal.termusecount"})

#: Paths never cached (besides non-GET requests and visitors with a session). The API has
#: its own ETag/304, CORS and per-address rate limit, which a page cache would bypass.
UNCACHED_PREFIXES = ("/i18n/", "/static/", "/healthz", "/readyz", "/api/")

_KEEP_HEADERS = (
    "Content-Type",
    "Content-Encoding",
    "ETag",
    "Vary",
    "Content-Language",
    # Exports and calendars: a download keeps its file name; open data keeps CORS.
    "Content-Disposition",
    "Access-Control-Allow-Origin",
)


def current_generation() -> tuple[int, float]:
    """Return the content generation and when it last changed (a Unix timestamp).

    Every page request reads it, a cached one too: the query is plain SQL, as building it
    with the ORM cost 0.37 ms against 0.08 ms, a third of a cached page's CPU in Django.
    """
    from portal.models import ContentGeneration

    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value, changed_at FROM {table} WHERE id = 1")  # noqa: S608 - the model's own table
        row = cursor.fetchone()
    if row is None:
        row = _create_row()
    value, changed_at = row
    if timezone.is_naive(changed_at):  # SQLite stores UTC without an offset, as the ORM reads it
        changed_at = changed_at.replace(tzinfo=UTC)
    return value, changed_at.timestamp()


def _create_row():
    from portal.models import ContentGeneration

    generation, _created = ContentGeneration.objects.get_or_create(
        pk=1, defaults={"value": 1, "changed_at": timezone.now()}
    )
    return generation.value, generation.changed_at


def advance_generation() -> None:
    """Advance the content generation: every cached page becomes stale at once."""
    from portal.models import ContentGeneration

    updated = ContentGeneration.objects.filter(pk=1).update(
        value=F("value") + 1, changed_at=timezone.now()
    )
    if not updated:
        _create_row()


def _content_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in DERIVED_MODELS:
        return
    if meta.app_label not in CONTENT_APPS and meta.label_lower not in CONTENT_MODELS:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    advance_generation()


def connect_signals() -> None:
    """Advance the generation on every content save, delete and m2m change."""
    uid = "portal-content-generation"
    post_save.connect(_content_changed, dispatch_uid=f"{uid}-save")
    post_delete.connect(_content_changed, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_content_changed, dispatch_uid=f"{uid}-m2m")


def _is_cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not request.path.startswith(f"/{settings.ADMIN_URL}")
    )


def _is_storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


#: The content generation read during the current request (a dict per request, set by
#: PageCacheMiddleware), so that every fragment and remembered value of one page costs
#: one read of the counter at most. Outside a request it is None and nothing is kept.
_request_generation: ContextVar[dict | None] = ContextVar("request_generation", default=None)


def request_generation() -> int | None:
    """The content generation the current request has read already, else None (outside a
    request, or a request the page cache does not serve and nothing kept has asked)."""
    held = _request_generation.get()
    return held.get("value") if held else None


def under_page_cache(request) -> bool:
    """Whether the page cache serves this request, so that it knows the content generation.

    Fragments and values kept per generation are used only then: a request the page cache
    does not serve (staff, the API, ``PAGE_CACHE`` off) would read the generation for them.
    """
    return getattr(request, "content_generation", None) is not None


def content_generation(request=None) -> int:
    """The content generation this request reads: read once, then held for the request
    (outside a request, read each time)."""
    generation = getattr(request, "content_generation", None)
    held = _request_generation.get()
    if generation is None and held is not None:
        generation = held.get("value")
    if generation is None:
        generation = current_generation()[0]
        if held is not None:
            held["value"] = generation
        if request is not None:
            request.content_generation = generation
    return generation


def fragment_key(request, *parts) -> str:
    """A cache key for a fragment of a page, valid while the content generation holds."""
    generation = content_generation(request)
    language = translation.get_language()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"fragment:{generation}:{language}:{digest}"


def remember(name: str, compute, request=None):
    """A value computed once per content generation and language, then read from the cache.

    For reads and shaping that cost more than rendering (the glossary's terms with their
    links): they run on the first request after a content change, not on every one.
    The value must pickle (plain data, no querysets); None is remembered too.
    """
    key = fragment_key(request, "remember", name)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value)
    return value


#: What ``cache.get`` answers for a key it does not hold (a remembered value may be None).
_MISSING = object()

#: Fragments this process has rendered or read, by key (which holds the generation, so a
#: kept one is never stale): the header and footer of every page were two cache reads
#: each. At most ``LOCAL_CHARS`` characters; a full store starts over.
_LOCAL_FRAGMENTS: dict[str, str] = {}
_local_chars = [0]
LOCAL_CHARS = 4_000_000


def fragment(key: str, render) -> str:
    """The HTML of a fragment: kept in this process, else read from the cache, else
    rendered (``render()``) and stored in both."""
    html = _LOCAL_FRAGMENTS.get(key)
    if html is not None:
        return html
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html)
    _keep_local(key, html)
    return html


def fragments(keys: list[str]) -> dict[str, str]:
    """The HTML of those of the fragments ``keys`` that are kept: in this process, else
    in the cache (one ``get_many``, then kept here too). A list page's twenty rows were
    a cache round trip and twenty unpicklings on every page."""
    found = {key: _LOCAL_FRAGMENTS[key] for key in keys if key in _LOCAL_FRAGMENTS}
    if len(found) < len(keys):
        read = cache.get_many([key for key in keys if key not in found])
        for key, html in read.items():
            _keep_local(key, html)
        found.update(read)
    return found


def store_fragments(rendered: dict[str, str]) -> None:
    """Store fragments just rendered, in the cache (one ``set_many``) and in this process."""
    cache.set_many(rendered)
    for key, html in rendered.items():
        _keep_local(key, html)


def _keep_local(key: str, html: str) -> None:
    if _local_chars[0] + len(html) > LOCAL_CHARS:
        _LOCAL_FRAGMENTS.clear()
        _local_chars[0] = 0
    _LOCAL_FRAGMENTS[key] = html
    _local_chars[0] += len(html)


def forget_fragments() -> None:
    """Empty this process's fragments (tests roll generations back and reuse them)."""
    _LOCAL_FRAGMENTS.clear()
    _local_chars[0] = 0


def page_key(request) -> str:
    """The cache key of a page: language, scheme, host, gzip and the full path."""
    language = get_language_from_request(request, check_path=True)
    gzip = "gz" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else "id"
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"page:{language}:{gzip}:{digest}"


def _public(response, changed_at: float):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE,
    )
    response["Last-Modified"] = http_date(changed_at)
    return response


def _without_cookie_vary(response):
    """Drop ``Vary: Cookie``: anonymous pages are the same for every visitor."""
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    if kept != vary:
        del response["Vary"]
        if kept:
            patch_vary_headers(response, kept)


class PageCacheMiddleware:
    """Serve anonymous GETs from the cache; store what they render."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set({})
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(token)

    def _respond(self, request):
        if not _is_cacheable_request(request):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                add_never_cache_headers(response)
            return response
        generation, changed_at = current_generation()
        request.content_generation = generation
        _request_generation.get()["value"] = generation  # type: ignore[index]
        key = page_key(request)
        entry = cache.get(key)
        if entry is not None and entry[0] == generation:
            response = HttpResponse(entry[2], status=entry[1])
            for name, value in entry[3]:
                response[name] = value
            response["X-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not _is_storable(response):
                return response
            _without_cookie_vary(response)
            headers = [(h, response[h]) for h in _KEEP_HEADERS if response.has_header(h)]
            cache.set(key, (generation, response.status_code, response.content, headers))
            response["X-Cache"] = "miss"
        _public(response, changed_at)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=int(changed_at),
            response=response,
        )
