"""Template context shared by every page."""

from functools import partial

from portal import i18n, sources


def languages(request):
    """The page's versions in the three languages, the default language, the content period."""
    return {
        "language_alternates": i18n.alternates(request.path),
        "default_language": i18n.DEFAULT_LANGUAGE,
        # Called only by a template that shows it (the footer): "May 2017 – July 2024".
        "content_period": partial(sources.content_period, request),
    }
