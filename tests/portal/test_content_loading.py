"""Reloading the fixtures keeps staff edits, withdrawals and deletions, and says so."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from reversion.models import Version

from cooperation.models import Document, DocumentSection, Meeting
from portal.content_loading import REVISION_COMMENT, load_fixtures
from portal.management.commands.load_portal_fixtures import fixture_paths
from portal.models import Term

pytestmark = pytest.mark.django_db

EDITED, WITHDRAWN, DELETED, UNTOUCHED = (
    "sco-heads-of-government-council-2013-tashkent",
    "csec-inauguration-2014",
    "sco-heads-of-state-council-2014-dushanbe",
    "sco-heads-of-state-council-2018-qingdao",
)


def sco_meetings(*slugs):
    entries = json.loads((fixture_paths()[0].parent / "sco.json").read_text(encoding="utf-8"))
    by_slug = {e["fields"]["slug"]: e for e in entries if e["model"] == "cooperation.meeting"}
    return [by_slug[slug] for slug in slugs]


def glossary_terms(*slugs):
    path = fixture_paths()[0].parent / "glossary.json"
    by_slug = {e["fields"]["slug"]: e for e in json.loads(path.read_text(encoding="utf-8"))}
    return [by_slug[slug] for slug in slugs]


def fixture_objects():
    return sum(len(json.loads(p.read_text(encoding="utf-8"))) for p in fixture_paths())


def write(tmp_path, entries, name="changed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def test_reload_keeps_staff_edits_withdrawals_and_deletions(tmp_path):
    edited = Meeting.objects.get(slug=EDITED)
    edited.title_en = "Title corrected by staff"
    edited.save()
    Meeting.objects.filter(slug=WITHDRAWN).update(publication="draft")
    Meeting.objects.get(slug=DELETED).delete()

    # The next fixture release changes the English title of all four meetings.
    entries = sco_meetings(EDITED, WITHDRAWN, DELETED, UNTOUCHED)
    for entry in entries:
        entry["fields"]["title_en"] = "Title from the new fixtures"
    report = load_fixtures(paths=[write(tmp_path, entries)])

    assert Meeting.objects.get(slug=EDITED).title_en == "Title corrected by staff"
    withdrawn = Meeting.objects.get(slug=WITHDRAWN)
    assert (withdrawn.publication, withdrawn.title_en) == ("draft", withdrawn.title_en)
    assert withdrawn.title_en != "Title from the new fixtures"
    assert not Meeting.objects.filter(slug=DELETED).exists()
    assert Meeting.objects.get(slug=UNTOUCHED).title_en == "Title from the new fixtures"

    assert report.kept_edits == [
        f"cooperation.meeting:{EDITED}",
        f"cooperation.meeting:{WITHDRAWN}",
    ]
    assert report.kept_deletions == [f"cooperation.meeting:{DELETED}"]
    assert report.updated == [f"cooperation.meeting:{UNTOUCHED}"]
    assert report.created == []
    assert report.lines()[1] == (
        f"kept 2 staff edits: cooperation.meeting:{EDITED}, cooperation.meeting:{WITHDRAWN}"
    )
    untouched = Meeting.objects.get(slug=UNTOUCHED)
    history = Version.objects.get_for_object(untouched).order_by("-pk")
    assert history[0].revision.get_comment() == REVISION_COMMENT
    assert history[0].field_dict["title_en"] == "Title from the new fixtures"
    assert (
        Version.objects.get_for_object(edited).filter(revision__comment=REVISION_COMMENT).count()
        == 1
    )  # the first load only


def test_unchanged_files_are_not_reloaded_and_reloads_are_idempotent(tmp_path):
    entries = sco_meetings(UNTOUCHED)
    entries[0]["fields"]["title_ru"] = "Новое название"
    path = write(tmp_path, entries)
    first = load_fixtures(paths=[path])
    assert first.updated == [f"cooperation.meeting:{UNTOUCHED}"]
    second = load_fixtures(paths=[path])
    assert second.skipped_files and not second.changed
    forced = load_fixtures(paths=[path], force=True)
    assert (forced.updated, forced.unchanged, forced.kept_edits) == ([], 1, [])


def test_new_records_are_created_but_children_of_deleted_ones_are_not(tmp_path):
    document = Document.objects.filter(sections__isnull=False).first()
    sections = [
        {
            "model": "cooperation.documentsection",
            "fields": {
                "document": [document.slug],
                "order": 900,
                "anchor": "added-by-fixtures",
                "heading_zh_hans": "新增",
            },
        }
    ]
    report = load_fixtures(paths=[write(tmp_path, sections)])
    assert report.created == [f"cooperation.documentsection:{document.slug}/900"]
    assert DocumentSection.objects.filter(document=document, order=900).exists()

    document.delete()
    report = load_fixtures(paths=[write(tmp_path, sections, "again.json")])
    assert report.created == [] and len(report.kept_deletions) == 1
    assert not DocumentSection.objects.filter(anchor="added-by-fixtures").exists()


def test_command_reports_kept_edits_and_skips_the_index_when_nothing_changed():
    Meeting.objects.filter(slug=EDITED).update(title_en="Staff title")
    out = StringIO()
    with translation.override("ru"):  # the active language must not look like an edit
        call_command("load_portal_fixtures", "--force", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        f"created 0, updated 0, unchanged {fixture_objects() - 1} records",
        f"kept 1 staff edits: cooperation.meeting:{EDITED}",
    ]
    assert Meeting.objects.get(slug=EDITED).title_en == "Staff title"
    out = StringIO()
    call_command("load_portal_fixtures", stdout=out)
    assert out.getvalue() == "Fixtures unchanged since the last load: nothing to do.\n"


#: Two definitions as an earlier release of glossary.json had them, naming sources by number.
OLD_DEFINITIONS = {
    "csec": {
        "definition_zh_hans": "2014年成立的生态环境部直属事业单位，编印来源000和001。",
        "definition_en": "A public institution under the Ministry of Ecology and Environment "
        "founded in 2014; it published sources 000 and 001.",
    },
    "bri": {
        "definition_zh_hans": "共建丝绸之路经济带和21世纪海上丝绸之路的倡议；"
        "来源003为其生态环保合作规划。",
        "definition_en": "The initiative to jointly build the Silk Road Economic Belt and the "
        "21st-Century Maritime Silk Road; source 003 is its ecological and environmental "
        "cooperation plan.",
    },
}


def test_new_glossary_definitions_replace_old_ones_unless_staff_edited_them(tmp_path):
    """A database loaded from the release that named sources by number gets the titles on
    the next load, except where staff rewrote the definition since."""
    old = glossary_terms("csec", "bri")
    for entry in old:
        entry["fields"].update(OLD_DEFINITIONS[entry["fields"]["slug"]])
    assert load_fixtures(paths=[write(tmp_path, old, "old.json")]).updated == [
        "portal.term:csec",
        "portal.term:bri",
    ]
    assert Term.objects.get(slug="csec").definition_en.endswith("sources 000 and 001.")
    edited = Term.objects.get(slug="bri")
    edited.definition_en = "Rewritten by staff."
    edited.save()

    report = load_fixtures(paths=[write(tmp_path, glossary_terms("csec", "bri"), "new.json")])

    assert (report.updated, report.kept_edits) == (["portal.term:csec"], ["portal.term:bri"])
    csec = Term.objects.get(slug="csec")
    assert csec.definition_zh_hans == (
        "2014年成立的生态环境部直属事业单位，编印宣传册《中国-上海合作组织环境保护合作》"
        "和《上海合作组织环保动态》。"
    )
    assert csec.definition_en.endswith(
        "it published the brochure “China-SCO Environmental Cooperation” and the bulletin "
        "“SCO Dynamics of Environmental Protection”."
    )
    bri = Term.objects.get(slug="bri")
    assert bri.definition_en == "Rewritten by staff."
    assert bri.definition_zh_hans == OLD_DEFINITIONS["bri"]["definition_zh_hans"]
