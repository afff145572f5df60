"""Every official Chinese and English text in the fixtures occurs in its source text."""

import pytest

from portal import provenance

pytestmark = [pytest.mark.django_db]

needs_seeds = pytest.mark.skipif(
    not provenance.SEEDS_DIR.exists(), reason="../shared/seeds is not beside this checkout"
)


@needs_seeds
def test_every_official_text_occurs_in_its_source():
    assert provenance.mismatches() == []


def test_every_record_names_its_source_and_place():
    from django.apps import apps

    from portal.models import Record

    missing = [
        f"{model.__name__}:{record.slug}"
        for model in apps.get_models()
        if issubclass(model, Record)
        for record in model.objects.all()
        if not record.locator.strip()
    ]
    assert missing == []


def test_normalise_restores_stray_and():
    assert provenance.normalise("水平 and 质量") == "水平和质量"
    assert provenance.normalise("Green and clean") == "Greenandclean"


def test_a_line_split_by_the_layout_counts_only_as_two_real_pieces():
    source = provenance.normalise("……3)通过植树\n……\n提高城市绿化程度；……")
    assert provenance.occurs_in(provenance.normalise("3)通过植树提高城市绿化程度；"), source)
    assert not provenance.occurs_in(provenance.normalise("3)通过植树提高"), source)
    assert not provenance.occurs_in(provenance.normalise("通过植树提高空气质量"), source)
