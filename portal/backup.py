"""Backing up the whole portal to one file and restoring it into an empty database.

A backup holds every row staff or the loader wrote: content in all languages with its
translation states, history (django-reversion revisions and versions, the admin log),
users, groups and their permissions, the fixture ledger, the glossary and the search
variants. Derived tables are left out and rebuilt after a restore, never dumped: the
search index (a dump of it loses the PostgreSQL ``tsvector`` columns, which are not model
fields), the records using each glossary term, the content generation and sessions, and
django-axes' lock-outs. Content types
and permissions are created by ``migrate``; the backup names them by natural key, so a
restore does not depend on their ids. Primary keys of everything else are kept, so
history versions still point at their records.

A restore runs in one transaction: it empties the tables it fills, loads every row,
rebuilds the search index and the terms' uses and makes every cached page stale; any
error rolls all of it back. It refuses a database that holds content or users unless told
to replace them, and a backup taken at another migration state (migrate first, or restore
with the code that wrote it). See docs/adr/0012-backup-and-restore.md.
"""

from __future__ import annotations

import gzip
import json
from io import TextIOBase
from pathlib import Path
from typing import IO, cast

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

from portal import caching

FORMAT = "portal-backup"
VERSION = 1

#: Tables rebuilt, recreated or left behind instead of backed up (app labels or models).
DERIVED = frozenset(
    {
        "contenttypes.contenttype",  # created by migrate, referenced by natural key
        "auth.permission",  # likewise
        "sessions.session",  # sessions end with a restore
        "axes",  # lock-outs and login attempts are transient
        "portal.contentgeneration",  # advanced by the restore, never reset
        "portal.termuse",  # which records use each glossary term: rebuilt
        "portal.termusecount",
        "search.facetset",
        "search.facetcount",
        "search.searchentry",
        "search.searchtext",
        "search.searchterm",
        "search.termfacetcount",
        "search.termyearcount",
    }
)


class BackupError(Exception):
    """A backup that cannot be restored here, or a database that should not be replaced."""


def _is_derived(model) -> bool:
    meta = model._meta
    return meta.app_label in DERIVED or meta.label_lower in DERIVED


def backed_up_models() -> list:
    """The models a backup holds, in an order that loads (dependencies first)."""
    app_list = {
        config: [m for m in config.get_models() if not _is_derived(m) and m._meta.managed]
        for config in apps.get_app_configs()
    }
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def migration_state(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    """The applied migrations, sorted: a backup restores only into the same state."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted([app, name] for app, name in applied)


def _open(path: Path, mode: str) -> IO[str]:
    if path.suffix == ".gz":
        return cast(IO[str], gzip.open(path, mode + "t", encoding="utf-8"))
    return path.open(mode, encoding="utf-8")


#: Content type or permission id -> natural key, per model (ids differ per database).
NaturalKeys = dict[type[Model], dict[int, list[str]]]


def _natural_keys(using: str) -> NaturalKeys:
    keys: NaturalKeys = {}
    for target in (ContentType, Permission):
        rows = target._base_manager.using(using).all()
        keys[target] = {row.pk: list(row.natural_key()) for row in rows}
    return keys


def _name_by_natural_key(model, rows: list[dict], keys: NaturalKeys) -> None:
    """Replace ids of content types and permissions by their natural keys.

    Every other reference keeps its primary key: the rows keep theirs, and constraints are
    checked when the restore commits, so the order of rows does not matter.
    """
    for field in model._meta.fields + model._meta.many_to_many:
        names = keys.get(field.related_model)
        if names is None:
            continue
        for row in rows:
            value = row["fields"].get(field.name)
            if field.many_to_many:
                row["fields"][field.name] = [names[pk] for pk in value]
            elif value is not None:
                row["fields"][field.name] = names[value]


def write_backup(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Write every backed-up row to ``path`` (gzip when it ends in .gz); return counts."""
    counts: dict[str, int] = {}
    objects: list[dict] = []
    with transaction.atomic(using=using):  # one consistent snapshot (PostgreSQL)
        keys = _natural_keys(using)
        for model in backed_up_models():
            rows = serializers.serialize(
                "python",
                model._base_manager.using(using).order_by(model._meta.pk.name).iterator(),
            )
            _name_by_natural_key(model, rows, keys)
            counts[model._meta.label] = len(rows)
            objects.extend(rows)
        state = migration_state(using)
    with _open(path, "w") as out:
        json.dump(
            {"format": FORMAT, "version": VERSION, "migrations": state, "objects": objects},
            out,
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
    return counts


def read_backup(path: Path) -> dict:
    try:
        with _open(path, "r") as source:
            data = json.load(source)
    except (OSError, ValueError, EOFError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a portal backup.")
    if data.get("version") != VERSION:
        raise BackupError(f"{path} is a backup of version {data.get('version')}, not {VERSION}.")
    return data


def _rows(objects: list[dict], using: str):
    try:
        yield from serializers.deserialize("python", objects, using=using)
    except (DeserializationError, FieldDoesNotExist) as error:
        raise BackupError(f"The backup holds a row this code cannot load: {error}") from error


def holds_data(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The models holding content, users or history here (``migrate`` creates none of them).

    Groups and search variants are left out: ``migrate`` creates the two roles and the
    starting thesaurus, and a restore replaces them.
    """
    watched = [
        model
        for model in backed_up_models()
        if model._meta.app_label in caching.CONTENT_APPS | {"reversion", "admin"}
        or model._meta.label_lower == "auth.user"
    ]
    return [m._meta.label for m in watched if m._base_manager.using(using).exists()]


def _empty(models, using: str) -> None:
    """Delete every row of these tables (and the derived index), inside the transaction."""
    connection = connections[using]
    tables = {model._meta.db_table for model in models}
    for model in models:
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    for model in apps.get_models(include_auto_created=True):
        if _is_derived(model) and (
            model._meta.app_label in {"search", "sessions", "axes"}
            or model._meta.label_lower in {"portal.termuse", "portal.termusecount"}
        ):
            tables.add(model._meta.db_table)  # SQLite's triggers empty search_fts alongside
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
    )
    connection.check_constraints()  # PostgreSQL truncates no table with pending FK checks
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_backup(
    *,
    path: Path,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    verbosity: int = 1,
    stdout: TextIOBase | None = None,
) -> dict[str, int]:
    """Replace the database's content by the backup's, all or nothing; return counts."""
    data = read_backup(path)
    if data["migrations"] != migration_state(using):
        raise BackupError(
            f"{path} was written at another migration state than this database's: "
            "run `manage.py migrate` (or restore with the code that wrote the backup)."
        )
    models = backed_up_models()
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        occupied = holds_data(using)
        if occupied and not force:
            raise BackupError(
                "The database is not empty (" + ", ".join(occupied) + "); "
                "restore with --force to replace it."
            )
        _empty(models, using)
        links: dict = {}
        for restored in _rows(data["objects"], using):
            # Raw, without many-to-many: no signal indexes or stamps a half-restored row.
            m2m_data = restored.m2m_data or {}
            restored.save(save_m2m=False, using=using)
            obj = restored.object
            for name, targets in m2m_data.items():
                field = obj._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                links.setdefault(through, []).extend(
                    through(**{f"{source}_id": obj.pk, f"{target}_id": pk}) for pk in targets
                )
            counts[obj._meta.label] = counts.get(obj._meta.label, 0) + 1
        for through, rows in links.items():
            through._base_manager.using(using).bulk_create(rows, batch_size=500)
        connection = connections[using]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        output = {"stdout": stdout} if stdout is not None else {}
        call_command("rebuild_search_index", verbosity=verbosity, **output)
        call_command("rebuild_term_uses", verbosity=verbosity, **output)
        caching.advance_generation()
    # The generation is kept and advanced, so no page cached before is served again; a
    # cache shared with a database that was replaced wholesale is cleared all the same.
    cache.clear()
    return counts
