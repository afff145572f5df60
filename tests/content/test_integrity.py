"""The committed content as a whole: complete titles, idempotent loading, counts."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command

from portal import i18n
from portal.management.commands.load_portal_fixtures import fixture_paths
from portal.models import Record
from tests.portal.test_crawl import INTERNAL_SOURCE_NUMBER

pytestmark = pytest.mark.django_db

TITLE_FIELDS = ("title", "name")

#: Fixture fields that identify or locate a record and are never shown as text.
KEY_FIELDS = {"slug", "file_name", "locator", "target_slug"}


def record_models():
    return [m for m in apps.get_models() if issubclass(m, Record)]


def title_field(model):
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in TITLE_FIELDS if n in names), None)


def test_no_published_record_lacks_a_title_in_any_language():
    missing = []
    for model in record_models():
        name = title_field(model)
        if name is None:
            continue
        for record in model.objects.published():
            for language in i18n.LANGUAGE_CODES:
                if not (getattr(record, i18n.localized_field(name, language)) or "").strip():
                    missing.append(f"{model.__name__}:{record.slug}:{language}")
    assert missing == []


def test_loading_the_fixtures_twice_adds_nothing():
    before = {m.__name__: m.objects.count() for m in apps.get_models()}
    call_command("load_portal_fixtures", verbosity=0)
    after = {m.__name__: m.objects.count() for m in apps.get_models()}
    assert after == before


def test_every_mechanism_of_the_design_is_loaded():
    from mechanisms.models import Mechanism

    slugs = set(Mechanism.objects.values_list("slug", flat=True))
    assert {"sco", "china-russia", "china-kazakhstan", "cica", "bri", "eaef"} <= slugs


def test_every_record_has_a_valid_partial_date_and_passes_model_validation():
    errors = []
    for model in record_models():
        for record in model.objects.all():
            try:
                record.full_clean(validate_unique=False)
            except Exception as error:
                errors.append(f"{model.__name__}:{record.slug}: {error}")
    assert errors == []


def test_no_fixture_text_names_a_source_by_its_internal_number():
    """Every text a reader may see (titles, bodies, definitions, notes) names a source by
    its title, never by its seed file's number."""
    leaks = []
    for path in fixture_paths():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            fields = entry["fields"]
            for name, value in fields.items():
                if name in KEY_FIELDS or not isinstance(value, str):
                    continue
                leaks.extend(
                    f"{path.name} {entry['model']}:{fields.get('slug')}.{name}: "
                    f"…{value[max(0, m.start() - 20) : m.end() + 10]}…"
                    for m in INTERNAL_SOURCE_NUMBER.finditer(value)
                )
    assert leaks == [], "\n".join(leaks)
