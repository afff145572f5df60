"""Keeping the search index in step with the content: on every save and delete, or rebuilt."""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal import i18n
from portal.search import analyzer, backends, statistics, variants
from portal.search.documents import Indexable, declarations, registry
from portal.search.models import (
    RANK_GROUPS,
    FacetCount,
    FacetSet,
    SearchEntry,
    SearchText,
)

logger = logging.getLogger(__name__)


class FacetSets:
    """Resolve facet combinations to FacetSet ids, creating the missing ones (memoised)."""

    def __init__(self):
        self._ids: dict[str, int] = {}

    def id_for(self, data: Indexable) -> int:
        signature = FacetSet.signature_of(
            data.kind, data.mechanism_id, data.country_ids, data.topic_ids
        )
        if signature not in self._ids:
            facet_set, created = FacetSet.objects.get_or_create(
                signature=signature,
                defaults={"kind": data.kind, "mechanism_id": data.mechanism_id},
            )
            if created:
                facet_set.countries.set(set(data.country_ids))
                facet_set.topics.set(set(data.topic_ids))
            self._ids[signature] = facet_set.pk
        return self._ids[signature]


def _tokens(text: str) -> list[str]:
    return analyzer.index_tokens(text)


def _fields(data: Indexable, facet_sets: FacetSets) -> tuple[dict, dict]:
    """Return the SearchEntry fields and the SearchText fields of a record's data.

    ``title_tokens`` holds the names (one per line) then the titles; ``tokens`` the
    summaries then the texts and the extra words; ``name_tokens`` and ``summary_tokens``
    repeat the names and summaries alone, for scoring (``portal.search.scoring``).
    """
    names = [" ".join(_tokens(name)) for name in data.names]
    names = [n for n in dict.fromkeys(names) if n]
    titles, summaries, texts = [], [], []
    for language in i18n.LANGUAGE_CODES:
        titles += _tokens(data.titles.get(language, ""))
        summaries += _tokens(data.summaries.get(language, ""))
        texts += _tokens(data.texts.get(language, ""))
    texts += _tokens(data.extra)
    entry = {
        "facet_set_id": facet_sets.id_for(data),
        "when": data.when or "",
        "rank_group": RANK_GROUPS[data.kind],
        "published": data.published,
    }
    name_tokens = "\n".join(names)
    summary_tokens = " ".join(summaries)
    text = {
        "url": data.url[:300],
        "title_tokens": (name_tokens + "\n" + " ".join(titles)).strip(),
        "tokens": (summary_tokens + " " + " ".join(texts)).strip(),
        "name_tokens": name_tokens,
        "summary_tokens": summary_tokens,
    }
    for language in i18n.LANGUAGE_CODES:
        suffix = i18n.field_suffix(language)
        text[f"title_{suffix}"] = data.titles.get(language, "")
        shown = [data.summaries.get(language, ""), data.texts.get(language, "")]
        text[f"text_{suffix}"] = "\n".join(p for p in shown if p)
    return entry, text


def _counted(entry_fields) -> tuple | None:
    """The FacetCount key an entry counts under, or None when it is not published."""
    if not entry_fields or not entry_fields["published"]:
        return None
    return entry_fields["facet_set_id"], entry_fields["when"][:4]


def _bump(key, delta: int) -> None:
    facet_set_id, year = key
    counts = FacetCount.objects.filter(facet_set_id=facet_set_id, year=year)
    if counts.update(entries=F("entries") + delta):
        return
    try:
        with transaction.atomic():
            FacetCount.objects.create(facet_set_id=facet_set_id, year=year, entries=delta)
    except IntegrityError:  # created meanwhile by a concurrent write
        counts.update(entries=F("entries") + delta)


def _recount(old, new) -> None:
    """Move an entry's count from its old (facet set, year) to its new one."""
    before, after = _counted(old), _counted(new)
    if before == after:
        return
    if before is not None:
        _bump(before, -1)
    if after is not None:
        _bump(after, +1)


def recount() -> None:
    """Recompute every FacetCount from the entries."""
    FacetCount.objects.all().delete()
    FacetCount.objects.bulk_create(
        FacetCount(facet_set_id=row["facet_set_id"], year=row["year"], entries=row["n"])
        for row in SearchEntry.objects.filter(published=True)
        .annotate(year=Substr("when", 1, 4))
        .values("facet_set_id", "year")
        .annotate(n=Count("*"))
        .order_by()
    )


_COUNTED_FIELDS = ("facet_set_id", "when", "published")
_STAT_FIELDS = ("name_tokens", "title_tokens", "summary_tokens", "tokens")


def update(instance) -> None:
    """Create or refresh the index entry of one record."""
    extractor = registry().get(type(instance))
    if extractor is None:
        return
    entry_fields, text_fields = _fields(extractor(instance), FacetSets())
    content_type = ContentType.objects.get_for_model(type(instance))
    old = (
        SearchEntry.objects.filter(content_type=content_type, object_id=instance.pk)
        .values(*_COUNTED_FIELDS)
        .first()
    )
    old_text = (
        SearchText.objects.filter(entry__content_type=content_type, entry__object_id=instance.pk)
        .values(*_STAT_FIELDS)
        .first()
    )
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=content_type, object_id=instance.pk, defaults=entry_fields
    )
    _recount(old, entry_fields)
    SearchText.objects.update_or_create(entry=entry, defaults=text_fields)
    groups = variants.for_writes()
    statistics.move(old_text, text_fields, groups)
    statistics.move_facets((old, old_text), (entry_fields, text_fields), groups)
    statistics.move_years((old, old_text), (entry_fields, text_fields), groups)
    backends.current().write(
        [
            (
                entry.pk,
                text_fields["title_tokens"].split(),
                text_fields["tokens"].split(),
                entry.when,
            )
        ]
    )


def remove(instance) -> None:
    entries = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
    )
    old = entries.values(*_COUNTED_FIELDS).first()
    old_text = SearchText.objects.filter(entry__in=entries).values(*_STAT_FIELDS).first()
    entries.delete()
    _recount(old, None)
    groups = variants.for_writes()
    statistics.move(old_text, None, groups)
    statistics.move_facets((old, old_text), (None, None), groups)
    statistics.move_years((old, old_text), (None, None), groups)


def _dependents(instance):
    """Records whose entries show something of this one (a document's sections, ...)."""
    declared = declarations().get(type(instance))
    if declared is not None and declared.dependents is not None:
        yield from declared.dependents(instance)


def _bulk_write(batch: list[tuple[SearchEntry, dict]], backend) -> None:
    """Insert a batch of new entries with their texts and full-text data.

    A record an edit indexed meanwhile (a save during a rebuild) keeps that newer entry.
    """
    done = set(
        SearchEntry.objects.filter(
            content_type_id=batch[0][0].content_type_id,
            object_id__in=[entry.object_id for entry, _ in batch],
        ).values_list("object_id", flat=True)
    )
    batch = [(entry, text) for entry, text in batch if entry.object_id not in done]
    if not batch:
        return
    entries = backend.insert(
        [entry for entry, _ in batch],
        [(text["title_tokens"].split(), text["tokens"].split()) for _, text in batch],
    )
    SearchText.objects.bulk_create(
        SearchText(entry=entry, **text) for entry, (_, text) in zip(entries, batch, strict=True)
    )


def rebuild(batch_size: int = 500) -> int:
    """Rebuild the whole index in place, a chunk at a time (``portal.search.rebuilding``)."""
    from portal.search.rebuilding import rebuild_in_chunks

    return rebuild_in_chunks(batch_size=batch_size)


def rebuild_if_empty(using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs) -> None:
    """After migrating: rebuild an index that a migration emptied while content exists,
    and count the groups of variants a filled index has not counted yet.

    Only on a database migrated to the latest state (the index code expects it), never
    after migrating backwards.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if SearchEntry.objects.exists():
        # An index from before groups of variants or frequent words per year were
        # counted: count them once.
        with transaction.atomic():
            statistics.sync_groups(variants.for_writes())
        statistics.sync_year_terms(variants.for_writes())
        return
    if any(model._default_manager.exists() for model in registry()):
        total = rebuild()
        if verbosity:
            print(f"Rebuilt the search index: {total} entries.")


def _never_fail_the_edit(write, instance) -> None:
    """Write the index for an edit; a conflict (a rebuild running) must not lose the edit.

    The write runs in a savepoint; if it fails, the edit is kept, and the write is tried
    again once the edit has committed (the rebuild has then usually moved on).
    """
    try:
        with transaction.atomic():
            write(instance)
    except DatabaseError:
        logger.warning("Search index write for %r deferred", instance, exc_info=True)

        def retry():
            try:
                with transaction.atomic():
                    write(instance)
            except DatabaseError:
                logger.exception("Search index write for %r failed; rebuild the index", instance)

        transaction.on_commit(retry)


def _update_with_dependents(instance) -> None:
    update(instance)
    for dependent in _dependents(instance):
        update(dependent)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: related rows may not be there yet; load_portal_fixtures rebuilds.
        return
    _never_fail_the_edit(_update_with_dependents, instance)


def _on_delete(sender, instance, **kwargs):
    _never_fail_the_edit(remove, instance)


def _on_m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in registry():
        _never_fail_the_edit(_update_with_dependents, instance)


def _shown_in(instance):
    """Indexed records that show something of a non-indexed one (names, quotes, notes)."""
    from cooperation.models import Quote
    from news.models import EditorNote
    from portal.models import Term

    if isinstance(instance, Term):
        target = instance.target if instance.target_type_id else None
        return [target] if target is not None else []
    if isinstance(instance, Quote):
        return [r for r in (instance.meeting, instance.document, instance.mechanism) if r]
    if isinstance(instance, EditorNote) and instance.pk:
        return list(instance.briefs.all())
    return []


def _on_related_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for record in _shown_in(instance):
        if type(record) in registry():
            update(record)


def connect_signals() -> None:
    from cooperation.models import Quote
    from news.models import EditorNote
    from portal.models import Term

    for model in (Term, Quote, EditorNote):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_related_save, sender=model, dispatch_uid=f"search-shown-{model.__name__}"
            )
    for model in registry():
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
        )
        for m2m in model._meta.many_to_many:
            if m2m.name in ("topics", "countries"):
                m2m_changed.connect(
                    _on_m2m,
                    sender=m2m.remote_field.through,
                    dispatch_uid=f"search-m2m-{model.__name__}-{m2m.name}",
                )
