"""Alternative forms of query words, as data: the thesaurus (``Variant``) and the glossary.

Every form of one glossary term (its name, abbreviations and other names in the three
languages) and every form of one thesaurus entry match each other. The map is keyed by a
form's query tokens. A page request that knows the content generation reads the map of
that generation, built once and shared by every process through the cache (building it
was ~20 ms, the first words of every worker); otherwise it is kept per process for
``TTL_SECONDS``, and saving a term or a variant clears it.

A word with variants is matched by any of its alternatives: a *group*. Each group has a
key of its own (``group_term``) under which the index keeps counts as it does for a token
(``portal.search.statistics``), so the facets of such a word need no pass over its
matches. Index writes read the map of the current content generation (``for_writes``),
which every change of a term or a variant advances (``caching.CONTENT_MODELS``); a
change recounts the groups that appeared (``statistics.sync_groups``).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict

from django.core.cache import cache

from portal import caching, i18n
from portal.search.parsing import alternatives, form_tokens

#: Starts the key of a group's counts (no analyzer token starts with it).
GROUP_PREFIX = "≈"

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
    """The variants map: the request's content generation's, else the process's (rebuilt
    after a change, or every ``TTL_SECONDS``)."""
    generation = caching.request_generation()
    if generation is not None:
        return _of_generation(generation)
    now = time.monotonic()
    if "map" not in _CACHE or now - _CACHE["at"] > TTL_SECONDS:
        _CACHE["map"], _CACHE["at"] = build(), now
    return _CACHE["map"]


def _of_generation(generation: int) -> dict[tuple, list[tuple]]:
    """The map of a content generation: kept in this process, read from the cache or built
    (terms and variants are content: any change of them advances the generation)."""
    if _CACHE.get("shared_at") == generation:
        return _CACHE["shared"]
    key = f"search-variants:{generation}"
    variants = cache.get(key)
    if variants is None:
        variants = build()
        cache.set(key, variants)
    _CACHE["shared"], _CACHE["shared_at"] = variants, generation
    return variants


def group_term(slot_alternatives) -> str:
    """The key of a group's counts: the same for the same alternatives, in any order."""
    forms = sorted({" ".join(a) for a in slot_alternatives})
    return GROUP_PREFIX + hashlib.sha256("\n".join(forms).encode()).hexdigest()[:24]


class Groups:
    """Every group a query word can become, and which of them an entry's tokens match.

    An entry matches a group when it holds every token of one of its alternatives,
    exactly the condition the full-text match of that word tests.
    """

    def __init__(self, variants: dict):
        self.alternatives: dict[str, list[tuple[str, ...]]] = {}
        for key in variants:
            slot = alternatives(key, variants)
            self.alternatives.setdefault(group_term(slot), [tuple(a) for a in slot])
        self._by_token: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for term, alts in self.alternatives.items():
            for alt in alts:
                if alt:
                    self._by_token[alt[0]].append((alt, term))

    def matched(self, tokens: set[str]) -> set[str]:
        """The keys of the groups whose alternatives some of ``tokens`` spell."""
        out: set[str] = set()
        for first in self._by_token.keys() & tokens:
            for alt, term in self._by_token[first]:
                if term not in out and all(t in tokens for t in alt[1:]):
                    out.add(term)
        return out


def for_writes() -> Groups:
    """The groups of the current content generation, for index writes.

    Not the per-process map of ``current()``: a term or variant changed on another node
    advances the generation, so every node counts the same groups at once.
    """
    generation = caching.current_generation()[0]
    if _CACHE.get("groups_at") != generation:
        _CACHE["groups"], _CACHE["groups_at"] = Groups(build()), generation
    return _CACHE["groups"]


def clear(*args, **kwargs) -> None:
    _CACHE.clear()


def _changed(sender, raw=False, **kwargs) -> None:
    """A term or variant changed: forget the map and count the new groups (the change has
    advanced the content generation: ``caching`` treats both models as content)."""
    clear()
    if raw:
        # Fixtures being loaded: the rebuild that follows counts every group.
        return
    from portal.search import statistics

    statistics.sync_groups(for_writes())


def connect_signals() -> None:
    """Forget the cached map when a glossary term or a variant changes."""
    from django.db.models.signals import post_delete, post_save

    from portal.models import Term
    from portal.search.models import Variant

    for model in (Term, Variant):
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-variants-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"search-variants-d-{model.__name__}"
        )
