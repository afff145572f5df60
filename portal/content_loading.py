"""Loading the content fixtures without undoing what staff did since the last load.

``loaddata`` overwrites every row it finds. The portal's loader instead keeps a ledger
(:class:`~portal.models.LoadedRecord`): for every fixture object, the hash of the fixture
entry and the hash of the row as it stood right after it was loaded. On the next load:

- an object with no row and no ledger entry is created (new content);
- an object with a ledger entry but no row was deleted by staff: it stays deleted;
- a row whose current hash differs from the hash after the last load was changed by staff
  (an edit, a withdrawal to draft): it is kept as staff left it and reported;
- a row unchanged since the last load is updated only when its fixture entry changed.

A row that exists without a ledger entry (a database loaded before the ledger existed) is
kept if it has an admin history (django-reversion) and updated otherwise. Every created or
updated row is added to one revision, "loaded from fixtures", so its history says so.
Natural keys (ADR 0001) identify objects; primary keys never appear in fixtures.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.db import transaction
from reversion.models import Version

from portal.models import FixtureLoad, LoadedRecord
from portal.roles import translated_names

REVISION_COMMENT = "loaded from fixtures"

#: Columns that change on every save and say nothing about content.
IGNORED_FIELDS = frozenset({"updated_at"})


@dataclass
class LoadReport:
    """What one load did, record by record (labels are ``app.model:natural-key``)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_edits: list[str] = field(default_factory=list)
    kept_deletions: list[str] = field(default_factory=list)
    skipped_files: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        if self.skipped_files:
            return ["Fixtures unchanged since the last load: nothing to do."]
        out = [
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"unchanged {self.unchanged} records"
        ]
        if self.kept_edits:
            out.append(f"kept {len(self.kept_edits)} staff edits: " + ", ".join(self.kept_edits))
        if self.kept_deletions:
            out.append(
                f"kept {len(self.kept_deletions)} staff deletions: "
                + ", ".join(self.kept_deletions)
            )
        return out


def digest(data) -> str:
    """A stable hash of JSON-serialisable data."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def files_digest(paths: list[Path]) -> str:
    """One hash over the names and bytes of the fixture files, in load order."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def row_digest(obj) -> str:
    """Hash a row as stored now: its fields and many-to-many links, by natural keys."""
    (entry,) = serializers.serialize(
        "python",
        [obj],
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    # A bare translated name (``title``) reads the active language's column: leave it out,
    # the per-language columns are there.
    skip = IGNORED_FIELDS | translated_names(type(obj))
    fields = {
        k: sorted(v) if isinstance(v, list) and k in _m2m_names(obj) else v
        for k, v in entry["fields"].items()
        if k not in skip
    }
    return digest(fields)


def _m2m_names(obj) -> set[str]:
    return {f.name for f in obj._meta.many_to_many}


def _key_text(obj) -> str:
    return json.dumps(list(obj.natural_key()), ensure_ascii=False)


def _label(model_label: str, key_text: str) -> str:
    key = json.loads(key_text)
    return f"{model_label}:{'/'.join(str(k) for k in key)}"


def _fresh(model, key_text):
    try:
        return model._default_manager.get_by_natural_key(*json.loads(key_text))
    except model.DoesNotExist:
        return None


def _has_staff_history(obj) -> bool:
    return Version.objects.get_for_object(obj).exclude(revision__comment=REVISION_COMMENT).exists()


def load_fixtures(*, paths: list[Path], force: bool = False) -> LoadReport:
    """Load the fixture files in order, keeping staff edits and deletions; one transaction."""
    report = LoadReport()
    fingerprint = files_digest(paths)
    last = FixtureLoad.objects.order_by("-pk").first()
    if not force and last is not None and last.files_hash == fingerprint:
        report.skipped_files = True
        return report

    ledger = {(r.model, r.key): r for r in LoadedRecord.objects.all()}
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        reversion.set_comment(REVISION_COMMENT)
        deferred, touched = [], []
        for path in paths:
            for entry in json.loads(path.read_text(encoding="utf-8")):
                loaded = _load_entry(entry, ledger, report)
                if loaded is not None:
                    item, key_text, fixture_hash = loaded
                    touched.append((item.object.__class__, key_text, fixture_hash))
                    if item.deferred_fields:
                        deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
        for model, key_text, fixture_hash in touched:
            model_label = model._meta.label_lower
            row = _fresh(model, key_text)
            if row is None:
                continue
            if reversion.is_registered(model):
                reversion.add_to_revision(row)
            LoadedRecord.objects.update_or_create(
                model=model_label,
                key=key_text,
                defaults={"fixture_hash": fixture_hash, "loaded_hash": row_digest(row)},
            )
        FixtureLoad.objects.create(
            files_hash=fingerprint,
            created=len(report.created),
            updated=len(report.updated),
            kept=len(report.kept_edits) + len(report.kept_deletions),
        )
    return report


def _load_entry(entry: dict, ledger: dict, report: LoadReport):
    """Create or update one fixture object unless staff changed or deleted it.

    Return ``(deserialized object, natural key, fixture hash)`` when it was written.
    """
    model_label = entry["model"]
    fixture_hash = digest(entry["fields"])
    try:
        (item,) = serializers.deserialize(
            "python", [entry], handle_forward_references=True, ignorenonexistent=True
        )
    except (DeserializationError, ObjectDoesNotExist):
        # A foreign key names a record that is gone: staff deleted what it hangs on.
        report.kept_deletions.append(f"{model_label}:{entry['fields'].get('slug', '?')}")
        return None
    obj = item.object
    key_text = _key_text(obj)
    label = _label(model_label, key_text)
    record = ledger.get((model_label, key_text))

    if obj.pk is None:
        if record is not None:
            report.kept_deletions.append(label)
            return None
        item.save()
        report.created.append(label)
    else:
        current = obj.__class__._default_manager.get(pk=obj.pk)
        if record is None:
            if _has_staff_history(current):
                report.kept_edits.append(label)
                return None
        elif row_digest(current) != record.loaded_hash:
            report.kept_edits.append(label)
            return None
        elif record.fixture_hash == fixture_hash:
            report.unchanged += 1
            return None
        item.save()
        report.updated.append(label)
    return item, key_text, fixture_hash
