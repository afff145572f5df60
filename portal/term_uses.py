"""Which published records use each glossary term, kept in a table the glossary page reads.

The glossary page lists under each term the first records whose Chinese text uses it and
how many do. Working that out reads every published text (13 s at 100k meetings), so the
answer is kept (``TermUse``: one row per term and record; ``TermUseCount``: one per term)
and this module alone writes it:

- a record's save or delete refreshes the record whose page shows that text: a
  document's section, or a quotation about a document, counts as the document (before
  and after the edit moves it); a record with no page of its own and no document is not
  a use, nor is the record a term names;
- a term's save or delete refreshes the records whose Chinese text holds its forms
  (before and after the edit) and the records it names, since which terms a text uses
  depends on the others (白俄罗斯 is not 俄罗斯) and on what each term names;
- ``rebuild()`` (``manage.py rebuild_term_uses``; the fixture loader and a restore run it,
  and ``migrate`` when the table is empty) refreshes every record and recounts.

Which terms a text mentions is ``portal.glossary``'s rule. The editorial consistency
check still reads every text: it runs in tests and for editors, not for the public.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, F, Model, Q
from django.db.models.signals import post_delete, post_save, pre_save

from portal import caching, glossary, i18n
from portal.models import Record, Term, TermUse, TermUseCount

#: How many records using a term the glossary page lists before pointing to search.
SHOWN = 8

#: Records refreshed per transaction.
CHUNK = 2_000

#: The order of the uses the page shows first: by kind of record, then newest first.
ORDER = ("kind_order", "-when", "record_id")

_BEFORE = "_term_uses_before"
_KEPT = ("pk", "term", "record_id", "when")


@dataclass(frozen=True)
class Texts:
    """A model whose Chinese text shows on a record's page: the record or a part of it."""

    model: type[Model]
    columns: tuple[str, ...]
    #: The foreign key to the record whose page shows it; None for the record itself.
    link: str | None = None
    #: Whether it has a publication of its own (a quotation) besides its page's.
    published_itself: bool = False


@dataclass(frozen=True)
class Page:
    """A kind of record with a page, and every text that page shows."""

    model: type[Model]
    kind_order: int
    dated: bool
    texts: tuple[Texts, ...]


@cache
def pages() -> dict[type[Model], Page]:
    """Every kind of record with a page, in the models' order, with the texts it shows."""
    own: dict[type[Model], Texts] = {}
    parts: list[tuple[type[Model], Texts]] = []
    for model in apps.get_models():
        columns = tuple(
            i18n.localized_field(name, i18n.CHINESE) for name in glossary.translated_fields(model)
        )
        parent = getattr(model, "provenance_parent", None)
        if not columns:
            continue
        if parent:
            parts.append((_linked(model, parent), Texts(model, columns, parent)))
        elif not issubclass(model, Record) or model is Term:
            continue
        elif hasattr(model, "get_absolute_url"):
            own[model] = Texts(model, columns)
        elif any(field.name == "document" for field in model._meta.fields):
            texts = Texts(model, columns, "document", published_itself=True)
            parts.append((_linked(model, "document"), texts))
    return {
        model: Page(
            model,
            order,
            any(field.name == "when" for field in model._meta.fields),
            (texts, *[part for page, part in parts if page is model]),
        )
        for order, (model, texts) in enumerate(own.items())
    }


def _linked(model: type[Model], name: str) -> type[Model]:
    return cast(type[Model], model._meta.get_field(name).related_model)


def _page_of(model: type[Model]) -> tuple[Page, Texts] | None:
    for page in pages().values():
        for texts in page.texts:
            if texts.model is model:
                return page, texts
    return None


class _Terms:
    """The published terms, prepared for matching, and the records they name."""

    def __init__(self):
        terms = list(Term.objects.published())
        self.checked = glossary.prepared(terms)
        self.naming: dict[tuple[int, str], set[int]] = defaultdict(set)
        for term in terms:
            if term.target_type_id and term.target_slug:
                self.naming[term.target_type_id, term.target_slug].add(term.pk)


def _uses(page: Page, pks: list[int], terms: _Terms) -> dict[int, tuple[str, set[int]]]:
    """The published records among ``pks``: their date and the terms their texts use."""
    own, *parts = page.texts
    content_type = ContentType.objects.get_for_model(page.model)
    dated = ("when",) if page.dated else ()
    texts: dict[int, list[str]] = {}
    found = {}
    records = page.model._default_manager.published().filter(pk__in=pks)  # type: ignore[attr-defined]
    for pk, slug, *values in records.values_list("pk", "slug", *dated, *own.columns):
        when = values.pop(0) if page.dated else ""
        texts[pk] = values
        found[pk] = (when, slug)
    for part in parts:
        rows = part.model._default_manager.filter(**{f"{part.link}_id__in": list(texts)})
        if part.published_itself:
            rows = rows.published()  # type: ignore[attr-defined]
        for pk, *values in rows.values_list(f"{part.link}_id", *part.columns):
            texts[pk].extend(values)
    uses = {}
    for pk, values in texts.items():
        chinese = "\n".join(glossary.fold_zh(value) for value in values if value)
        when, slug = found[pk]
        used = {term.pk for term in glossary.mentioned_in(chinese, terms.checked)}
        uses[pk] = (when, used - terms.naming.get((content_type.pk, slug), set()))
    return uses


def _refresh_chunk(page: Page, pks: list[int], terms: _Terms, counts: Counter, touched: set):
    """Rewrite the rows of these records; note count changes and the terms touched."""
    content_type = ContentType.objects.get_for_model(page.model)
    # Lock the records first (PostgreSQL), so a refresh reads what the last save committed.
    locked = page.model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk")
    list(locked.values_list("pk"))
    wanted = {
        (term, pk): when for pk, (when, used) in _uses(page, pks, terms).items() for term in used
    }
    rows = TermUse.objects.filter(record_type=content_type, record_id__in=pks)
    kept = {(term, pk): (row, when) for row, term, pk, when in rows.values_list(*_KEPT)}
    gone = [key for key in kept if key not in wanted]
    moved = [key for key, (_row, when) in kept.items() if key in wanted and when != wanted[key]]
    added = [key for key in wanted if key not in kept]
    if gone:
        TermUse.objects.filter(pk__in=[kept[key][0] for key in gone]).delete()
    TermUse.objects.bulk_update(
        [TermUse(pk=kept[key][0], when=wanted[key]) for key in moved], ["when"]
    )
    TermUse.objects.bulk_create(
        TermUse(
            term_id=term,
            record_type=content_type,
            record_id=pk,
            kind_order=page.kind_order,
            when=wanted[term, pk],
        )
        for term, pk in added
    )
    counts.subtract(term for term, _pk in gone)
    counts.update(term for term, _pk in added)
    touched.update(term for term, _pk in [*gone, *moved, *added])


def _mark_shown(term_id: int) -> None:
    """Mark the term's first uses in the page's order, and only those, as shown."""
    rows = TermUse.objects.filter(term_id=term_id)
    first = list(rows.order_by(*ORDER).values_list("pk", flat=True)[:SHOWN])
    rows.filter(shown=True).exclude(pk__in=first).update(shown=False)
    rows.filter(pk__in=first, shown=False).update(shown=True)


def refresh(records: Mapping[type[Model], Iterable[int]]) -> None:
    """Bring the uses of these records (by kind of record with a page, primary keys) up to date."""
    counts: Counter = Counter()
    touched: set[int] = set()
    _refresh(records, _Terms(), counts, touched)
    with transaction.atomic():
        changed = [term for term, delta in counts.items() if delta]
        TermUseCount.objects.bulk_create(
            [TermUseCount(term_id=term) for term in changed], ignore_conflicts=True
        )
        for term in changed:
            TermUseCount.objects.filter(term_id=term).update(records=F("records") + counts[term])
        for term in touched:
            _mark_shown(term)


def _refresh(records, terms: _Terms, counts: Counter, touched: set[int]) -> None:
    for model, pks in records.items():
        page = pages().get(model)
        if page is None:
            continue
        ordered = sorted(set(pks))
        for start in range(0, len(ordered), CHUNK):
            with transaction.atomic():
                _refresh_chunk(page, ordered[start : start + CHUNK], terms, counts, touched)


def rebuild() -> int:
    """Refresh every record's uses, drop those of records gone, recount; return the rows."""
    terms = _Terms()
    for page in pages().values():
        last = 0
        while pks := list(
            page.model._base_manager.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:CHUNK]
        ):
            _refresh({page.model: pks}, terms, Counter(), set())
            last = pks[-1]
    kinds = {ContentType.objects.get_for_model(model).pk: model for model in pages()}
    with transaction.atomic():
        TermUse.objects.exclude(record_type__in=kinds).delete()
        for type_id, model in kinds.items():
            TermUse.objects.filter(record_type_id=type_id).exclude(
                record_id__in=model._base_manager.values("pk")
            ).delete()
        TermUseCount.objects.all().delete()
        totals = dict(TermUse.objects.values_list("term").annotate(n=Count("*")).order_by())
        TermUseCount.objects.bulk_create(
            TermUseCount(term_id=pk, records=totals.get(pk, 0))
            for pk in Term.objects.published().values_list("pk", flat=True)
        )
        TermUse.objects.filter(shown=True).update(shown=False)
        for term in totals:
            _mark_shown(term)
    caching.advance_generation()
    return sum(totals.values())


# Keeping the table in step: one set of receivers for every model with texts, and terms.


def _loose(form: str) -> str:
    """A pattern for a folded form in unfolded text (whitespace anywhere, any dash), in the
    syntax PostgreSQL and Python's ``re`` (SQLite's REGEXP) share."""
    parts = []
    for char in form:
        if char == "-":
            parts.append("[-－—–‐‑]")
        elif char.isalnum() or not char.isascii():
            parts.append(char)
        else:
            parts.append("\\" + char)
    return "[\\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*".join(parts)


def _holding(forms: set[str]) -> dict[type[Model], set[int]]:
    """Records whose texts (drafts too) may hold one of these folded forms."""
    pattern = "|".join(_loose(form) for form in sorted(forms))
    found: dict[type[Model], set[int]] = defaultdict(set)
    for page in pages().values():
        for texts in page.texts:
            match = Q()
            for column in texts.columns:
                match |= Q(**{f"{column}__regex": pattern})
            key = f"{texts.link}_id" if texts.link else "pk"
            pks = texts.model._base_manager.filter(match).values_list(key, flat=True)
            found[page.model].update(pk for pk in pks if pk is not None)
    return found


def _what_matters(term: Term) -> tuple:
    return (
        term.kind,
        term.publication,
        tuple(glossary.chinese_forms(term)),
        term.target_type_id,
        term.target_slug,
    )


def _around(terms: list[Term]) -> dict[type[Model], set[int]]:
    """The records a change to these terms may change: texts with their forms, named records."""
    forms = {form for term in terms for form in glossary.chinese_forms(term)}
    records = _holding(forms) if forms else defaultdict(set)
    for term in terms:
        if not (term.target_type_id and term.target_slug):
            continue
        model = ContentType.objects.get_for_id(term.target_type_id).model_class()
        if model is not None and model in pages():
            named = model._base_manager.filter(slug=term.target_slug)
            records[model].update(named.values_list("pk", flat=True))
    return records


def _term_before(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        instance.__dict__[_BEFORE] = Term._base_manager.filter(pk=instance.pk).first()


def _term_saved(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or (before is not None and _what_matters(before) == _what_matters(instance)):
        return
    refresh(_around([term for term in (before, instance) if term is not None]))


def _term_deleted(sender, instance, **kwargs):
    # Its rows went with it; the records with its forms may now use a term it covered.
    refresh(_around([instance]))


def _record_before(sender, instance, raw=False, **kwargs):
    _page, texts = _page_of(sender)  # type: ignore[misc]
    if not raw and texts.link and instance.pk is not None:
        link = f"{texts.link}_id"
        before = sender._base_manager.filter(pk=instance.pk).values_list(link, flat=True)
        instance.__dict__[_BEFORE] = before.first()


def _record_changed(sender, instance, raw=False, **kwargs):
    page, texts = _page_of(sender)  # type: ignore[misc]
    before = instance.__dict__.pop(_BEFORE, None)
    if raw:  # loaddata: load_portal_fixtures and restore_portal rebuild afterwards
        return
    if texts.link is None:
        refresh({page.model: [instance.pk]})
    else:
        pks = {getattr(instance, f"{texts.link}_id"), before} - {None}
        refresh({page.model: pks})


def connect_signals() -> None:
    """Refresh the uses on every save and delete of a term or of a model with texts."""
    uid = "portal-term-uses"
    pre_save.connect(_term_before, sender=Term, dispatch_uid=f"{uid}-term-before")
    post_save.connect(_term_saved, sender=Term, dispatch_uid=f"{uid}-term-save")
    post_delete.connect(_term_deleted, sender=Term, dispatch_uid=f"{uid}-term-delete")
    for page in pages().values():
        for texts in page.texts:
            name = texts.model.__name__
            pre_save.connect(_record_before, sender=texts.model, dispatch_uid=f"{uid}-{name}-pre")
            post_save.connect(
                _record_changed, sender=texts.model, dispatch_uid=f"{uid}-{name}-save"
            )
            post_delete.connect(
                _record_changed, sender=texts.model, dispatch_uid=f"{uid}-{name}-delete"
            )


def rebuild_if_empty(using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs) -> None:
    """After migrating to the latest state: fill an empty table when there are terms."""
    if using != DEFAULT_DB_ALIAS:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if TermUseCount.objects.exists() or not Term.objects.published().exists():
        return
    total = rebuild()
    if verbosity:
        print(f"Found the records using each glossary term: {total} uses.")
