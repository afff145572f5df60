"""Template context shared by every page."""

from portal import i18n


def languages(request):
    """Expose the page's versions in the three languages and the default language."""
    return {
        "language_alternates": i18n.alternates(request.path),
        "default_language": i18n.DEFAULT_LANGUAGE,
    }
