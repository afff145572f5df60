import pytest
from django.contrib.contenttypes.models import ContentType

from mechanisms.models import Mechanism
from portal.models import Source, Term


@pytest.mark.django_db
def test_term_names_its_record_by_slug_and_lists_aliases():
    source = Source.objects.create(slug="test-source", file_name="test.txt", title="S")
    mechanism = Mechanism.objects.create(slug="test-mech", source=source, locator="l", name="上合")
    term = Term.objects.create(
        slug="test-term",
        source=source,
        locator="l",
        kind="mechanism",
        name_en="Shanghai Cooperation Organisation",
        abbreviation_en="SCO",
        aliases_en="Shanghai Cooperation Organization\n\n",
        target_type=ContentType.objects.get_for_model(Mechanism),
        target_slug="test-mech",
    )
    assert term.target == mechanism
    assert term.alias_list("en") == ["SCO", "Shanghai Cooperation Organization"]
    assert list(Term.objects.naming(mechanism)) == [term]
