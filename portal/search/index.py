"""Keeping the search index in step with the content: on every save and delete, or rebuilt."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from portal import i18n
from portal.models import Publication
from portal.search import analyzer, backends
from portal.search.models import (
    RANK_GROUPS,
    EntryKind,
    FacetCount,
    FacetSet,
    SearchEntry,
    SearchText,
)

logger = logging.getLogger(__name__)


@dataclass
class Indexable:
    """What one record contributes to the index."""

    kind: str
    url: str
    titles: dict[str, str]
    texts: dict[str, str]
    when: str = ""
    mechanism_id: int | None = None
    country_ids: list[int] = field(default_factory=list)
    topic_ids: list[int] = field(default_factory=list)
    published: bool = True


def _values(obj, *names) -> dict[str, str]:
    """Join the given translated fields of obj, per language."""
    out = {}
    for language in i18n.LANGUAGE_CODES:
        parts = [getattr(obj, i18n.localized_field(n, language), "") or "" for n in names]
        out[language] = "\n".join(p for p in parts if p.strip())
    return out


def _join(*dicts) -> dict[str, str]:
    return {lang: "\n".join(d[lang] for d in dicts if d.get(lang)) for lang in i18n.LANGUAGE_CODES}


def _url(obj) -> str:
    with translation.override(i18n.DEFAULT_LANGUAGE):
        return i18n.neutral_path(obj.get_absolute_url())


def _published(obj) -> bool:
    return obj.publication == Publication.PUBLISHED


def _names(obj, name="name"):
    """A related record's names; none when it is a draft (the public may not see them)."""
    return _values(obj, name) if obj is not None and obj.is_published else {}


def mechanism(obj):
    return Indexable(
        EntryKind.MECHANISM,
        _url(obj),
        _values(obj, "name"),
        _values(
            obj,
            "short_name",
            "summary",
            "background",
            "responsibilities",
            "achievements",
            "next_steps",
        ),
        obj.established,
        obj.pk,
        published=_published(obj),
    )


def body(obj):
    return Indexable(
        EntryKind.BODY,
        _url(obj),
        _values(obj, "name"),
        _values(obj, "short_name", "description"),
        obj.launched,
        obj.mechanism_id,
        published=_published(obj),
    )


def meeting(obj):
    return Indexable(
        EntryKind.MEETING,
        _url(obj),
        _values(obj, "title"),
        _join(_values(obj, "theme", "description", "city", "priority_area"), _names(obj.country)),
        obj.when,
        obj.mechanism_id,
        [obj.country_id] if obj.country_id else [],
        [t.pk for t in obj.topics.all()],
        _published(obj),
    )


def document(obj):
    return Indexable(
        EntryKind.DOCUMENT,
        _url(obj),
        _values(obj, "title"),
        _join(_values(obj, "summary", "city", "issuing_body"), _names(obj.country)),
        obj.when,
        obj.mechanism_id,
        [obj.country_id] if obj.country_id else [],
        [t.pk for t in obj.topics.all()],
        _published(obj),
    )


def section(obj):
    doc = obj.document
    titles = {}
    for language in i18n.LANGUAGE_CODES:
        number = getattr(obj, i18n.localized_field("number", language), "") or ""
        heading = getattr(obj, i18n.localized_field("heading", language), "") or ""
        doc_title = getattr(doc, i18n.localized_field("title", language), "") or ""
        titles[language] = " · ".join(p for p in (doc_title, f"{number} {heading}".strip()) if p)
    return Indexable(
        EntryKind.SECTION,
        f"{_url(doc)}#{obj.anchor}",
        titles,
        _values(obj, "body"),
        doc.when,
        doc.mechanism_id,
        [doc.country_id] if doc.country_id else [],
        [t.pk for t in doc.topics.all()],
        _published(doc),
    )


def key_project(obj):
    doc = obj.document
    with translation.override(i18n.DEFAULT_LANGUAGE):
        from django.urls import reverse

        url = i18n.neutral_path(reverse("cooperation:projects")) + f"#project-{obj.number}"
    return Indexable(
        EntryKind.PROJECT,
        url,
        _values(obj, "title"),
        _values(obj, "description"),
        doc.when,
        doc.mechanism_id,
        topic_ids=[t.pk for t in obj.topics.all()],
        published=_published(obj) and _published(doc),
    )


def planned_activity(obj):
    doc = obj.document
    return Indexable(
        EntryKind.ACTIVITY,
        f"{_url(doc)}#activity-{obj.slug}",
        _values(obj, "title"),
        _values(obj, "strategic_direction", "action"),
        obj.schedule,
        doc.mechanism_id,
        topic_ids=[t.pk for t in obj.topics.all()],
        published=_published(obj) and _published(doc),
    )


def brief(obj):
    return Indexable(
        EntryKind.NEWS,
        _url(obj),
        _values(obj, "title"),
        _values(obj, "body", "outlet"),
        obj.when,
        obj.mechanism_id,
        [c.pk for c in obj.countries.all()],
        [t.pk for t in obj.topics.all()],
        _published(obj),
    )


def registry():
    """Map each indexed model to its extractor (imported lazily: apps must be ready)."""
    from cooperation.models import Document, DocumentSection, KeyProject, Meeting, PlannedActivity
    from mechanisms.models import Body, Mechanism
    from news.models import Brief

    return {
        Mechanism: mechanism,
        Body: body,
        Meeting: meeting,
        Document: document,
        DocumentSection: section,
        KeyProject: key_project,
        PlannedActivity: planned_activity,
        Brief: brief,
    }


#: Querysets that fetch what the extractors read, in a few queries per model.
def _prefetched(model):
    from cooperation.models import Document, DocumentSection, KeyProject, Meeting, PlannedActivity
    from news.models import Brief

    qs = model._default_manager.all()
    if model in (Meeting, Document):
        return qs.select_related("country").prefetch_related("topics")
    if model is DocumentSection:
        return qs.select_related("document__country").prefetch_related("document__topics")
    if model in (KeyProject, PlannedActivity):
        return qs.select_related("document").prefetch_related("topics")
    if model is Brief:
        return qs.prefetch_related("countries", "topics")
    return qs


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


def _fields(data: Indexable, facet_sets: FacetSets) -> tuple[dict, dict]:
    """Return the SearchEntry fields and the SearchText fields of a record's data."""
    title_tokens, tokens = [], []
    for language in i18n.LANGUAGE_CODES:
        title_tokens += analyzer.index_tokens(data.titles.get(language, ""))
        tokens += analyzer.index_tokens(data.texts.get(language, ""))
    entry = {
        "facet_set_id": facet_sets.id_for(data),
        "when": data.when or "",
        "rank_group": RANK_GROUPS[data.kind],
        "published": data.published,
    }
    text = {
        "url": data.url[:300],
        "title_tokens": " ".join(title_tokens),
        "tokens": " ".join(tokens),
    }
    for language in i18n.LANGUAGE_CODES:
        suffix = i18n.field_suffix(language)
        text[f"title_{suffix}"] = data.titles.get(language, "")
        text[f"text_{suffix}"] = data.texts.get(language, "")
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
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=content_type, object_id=instance.pk, defaults=entry_fields
    )
    _recount(old, entry_fields)
    SearchText.objects.update_or_create(entry=entry, defaults=text_fields)
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
    entries.delete()
    _recount(old, None)


def _dependents(instance):
    """Records whose entries show something of this one (a document's sections, ...)."""
    from cooperation.models import Document

    if isinstance(instance, Document):
        yield from instance.sections.select_related("document")
        yield from instance.key_projects.all()
        yield from instance.activities.all()


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


@transaction.atomic
def rebuild(batch_size: int = 1000) -> int:
    """Drop and rebuild the whole index; return the number of entries."""
    SearchEntry.objects.all().delete()
    FacetSet.objects.all().delete()
    backend = backends.current()
    facet_sets = FacetSets()
    total = 0
    for model, extractor in registry().items():
        content_type = ContentType.objects.get_for_model(model)
        batch: list[tuple[SearchEntry, dict]] = []
        for instance in _prefetched(model).iterator(chunk_size=batch_size):
            entry_fields, text_fields = _fields(extractor(instance), facet_sets)
            entry = SearchEntry(content_type=content_type, object_id=instance.pk, **entry_fields)
            batch.append((entry, text_fields))
            if len(batch) >= batch_size:
                _bulk_write(batch, backend)
                total += len(batch)
                batch = []
        if batch:
            _bulk_write(batch, backend)
            total += len(batch)
    recount()
    backend.after_rebuild()
    return total


def rebuild_if_empty(using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs) -> None:
    """After migrating: rebuild an index that a migration emptied while content exists.

    Only on a database migrated to the latest state (the index code expects it), never
    after migrating backwards.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if SearchEntry.objects.exists():
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


def connect_signals() -> None:
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
