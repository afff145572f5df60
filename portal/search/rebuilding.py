"""Rebuilding the search index while staff keep editing: in chunks, never one long lock.

The rebuild used to be one transaction that emptied the index and filled it again: on
PostgreSQL a save during it waited for the whole rebuild (the rows it had to update were
deleted, uncommitted) and then failed on the rebuilt row. Now every chunk of records is
re-indexed in its own short transaction, in place: a search during the rebuild finds
every record (old entry or new, never none), and a save waits for one chunk at most.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from portal import caching
from portal.search import backends, extras, index, statistics, variants
from portal.search.documents import prefetched, registry
from portal.search.models import FacetSet, SearchEntry, SearchText, TermYearCount


def _chunks(model, size: int):
    """The model's primary keys in ascending chunks (keyset pagination: no long cursor)."""
    last = None
    while True:
        pks = model._base_manager.order_by("pk")
        if last is not None:
            pks = pks.filter(pk__gt=last)
        chunk = list(pks.values_list("pk", flat=True)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def _rebuild_chunk(model, pks, content_type, extractor, glossary, facet_sets, backend) -> int:
    """Re-index one chunk of records in its own short transaction; return the entries.

    The chunk's records are locked first (``SELECT ... FOR UPDATE`` on PostgreSQL), so
    the chunk reads what the last save committed, and a save of one of them waits for
    this chunk only, then indexes its own change after it: the newest text wins.
    """
    with transaction.atomic():
        locked = list(
            model._base_manager.select_for_update()
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        batch = []
        for instance in prefetched(model).filter(pk__in=locked).order_by("pk"):
            entry_fields, text_fields = index._fields(extractor(instance, glossary), facet_sets)
            entry = SearchEntry(content_type=content_type, object_id=instance.pk, **entry_fields)
            batch.append((entry, text_fields))
        SearchEntry.objects.filter(content_type=content_type, object_id__in=locked).delete()
        if batch:
            index._bulk_write(batch, backend)
    return len(batch)


def _remove_orphans(indexed) -> None:
    """Drop entries whose record is gone or no longer indexed, and unused facet sets."""
    with transaction.atomic():
        for model in indexed:
            SearchEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model)
            ).exclude(object_id__in=model._base_manager.values("pk")).delete()
        kinds = [ContentType.objects.get_for_model(model).pk for model in indexed]
        SearchEntry.objects.exclude(content_type_id__in=kinds).delete()
        FacetSet.objects.filter(entries__isnull=True).delete()


def _recount_all() -> None:
    """Recount facet counts and term statistics from the entries as they now stand."""
    with transaction.atomic():
        index.recount()
        groups = variants.for_writes()
        total: Counter[str] = Counter()
        facets: Counter[tuple[str, int]] = Counter()
        rows = SearchText.objects.values(
            *index._STAT_FIELDS, "entry__facet_set_id", "entry__published"
        )
        for row in rows.iterator(chunk_size=2000):
            profile = statistics.profile(row, groups)
            total.update(profile)
            if row["entry__published"]:
                facet_set_id = row["entry__facet_set_id"]
                # The profile's tokens and groups (its "§" keys are totals, which no
                # token can be).
                for term in profile:
                    if not term.startswith("§"):
                        facets[term, facet_set_id] += 1
        statistics.recount(total, groups)
        statistics.recount_facets(facets)
        # Their markers went with the old statistics: counted again below.
        TermYearCount.objects.all().delete()
    statistics.sync_year_terms(groups)


def rebuild_in_chunks(*, batch_size: int = 500) -> int:
    """Rebuild the whole index in place, a chunk at a time; return the number of entries.

    Never one long transaction: each chunk of records is re-indexed and committed on its
    own, so searches keep finding every record throughout and an edit saved meanwhile
    waits for one chunk at most (docs/adr/0004-search-speed.md, "Rebuilding"). Entries of
    deleted records, facet counts and term statistics are settled at the end.
    """
    backend = backends.current()
    facet_sets = index.FacetSets()
    glossary = extras.Glossary()
    total = 0
    indexed = registry()
    for model, extractor in indexed.items():
        content_type = ContentType.objects.get_for_model(model)
        for pks in _chunks(model, batch_size):
            total += _rebuild_chunk(
                model, pks, content_type, extractor, glossary, facet_sets, backend
            )
    _remove_orphans(indexed)
    _recount_all()
    backend.after_rebuild()
    # Search pages read the index: a rebuilt index makes every cached page stale.
    caching.advance_generation()
    return total
