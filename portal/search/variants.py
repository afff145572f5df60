"""Alternative forms of query words, as data: the thesaurus (``Variant``) and the glossary.

Every form of one glossary term (its name, abbreviations and other names in the three
languages) and every form of one thesaurus entry match each other. The map is keyed by a
form's query tokens and cached per process; saving a term or a variant clears it.
"""

from __future__ import annotations

import time

from portal import i18n
from portal.search.parsing import form_tokens

_CACHE: dict = {}
TTL_SECONDS = 300


def term_forms(term) -> list[str]:
    """Every name a glossary term gives, in every language."""
    forms = []
    for language in i18n.LANGUAGE_CODES:
        name = getattr(term, i18n.localized_field("name", language), "") or ""
        abbreviation = getattr(term, i18n.localized_field("abbreviation", language), "") or ""
        aliases = getattr(term, i18n.localized_field("aliases", language), "") or ""
        forms.append(name)
        forms.extend(abbreviation.split(","))
        forms.extend(aliases.splitlines())
    return [f.strip() for f in forms if f.strip()]


def _groups():
    from portal.models import Term
    from portal.search.models import Variant

    for term in Term.objects.all():
        yield term_forms(term)
    for variant in Variant.objects.all():
        yield variant.form_list()


def build() -> dict[tuple, list[tuple]]:
    variants: dict[tuple, list[tuple]] = {}
    for forms in _groups():
        keys = list(dict.fromkeys(k for k in (form_tokens(f) for f in forms) if k))
        if len(keys) < 2:
            continue
        for key in keys:
            alternatives = variants.setdefault(key, [])
            alternatives.extend(k for k in keys if k != key and k not in alternatives)
    return variants


def current() -> dict[tuple, list[tuple]]:
    """The variants map (rebuilt after a change, or every ``TTL_SECONDS``)."""
    now = time.monotonic()
    if "map" not in _CACHE or now - _CACHE["at"] > TTL_SECONDS:
        _CACHE["map"], _CACHE["at"] = build(), now
    return _CACHE["map"]


def clear(*args, **kwargs) -> None:
    _CACHE.clear()


def connect_signals() -> None:
    """Forget the cached map when a glossary term or a variant changes."""
    from django.db.models.signals import post_delete, post_save

    from portal.models import Term
    from portal.search.models import Variant

    for model in (Term, Variant):
        post_save.connect(clear, sender=model, dispatch_uid=f"search-variants-{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"search-variants-d-{model.__name__}")
