"""Staff bulk entry: meetings and documents from a spreadsheet, with preview and history."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from reversion.models import Version

from cooperation.models import Document, Meeting
from portal.admin_import import REVISION_COMMENT, VERSION_COLUMN

pytestmark = pytest.mark.django_db

IMPORT, CONFIRM = "/admin/cooperation/meeting/import/", "/admin/cooperation/meeting/process_import/"
HEADER = [
    "slug",
    "kind",
    "mechanism",
    "when",
    "country",
    "title_zh_hans",
    "title_en",
    "title_ru",
    "topics",
    "source",
    "locator",
    "publication",
]
ROWS = [
    ["sheet-meeting-year", "ministerial", "sco", "2014", "china", "年会", "Year meeting",
     "Годовое совещание", "water,biodiversity", "sco-brochure", "Line 1", "draft"],
    ["sheet-meeting-month", "expert_meeting", "sco", "2014-06", "", "六月会议", "June meeting",
     "Июньское совещание", "", "sco-brochure", "Line 2", "draft"],
    ["sheet-meeting-range", "expert_meeting", "china-russia", "2019-09-02/2019-09-04", "russia",
     "三日会议", "Three-day meeting", "Трёхдневное совещание", "water", "sco-brochure",
     "Line 3", "draft"],
]  # fmt: skip


def sheet(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


FORMATS = {"csv": "0", "xlsx": "1"}  # the order of SpreadsheetAdminMixin.import_formats


def upload(client, data: bytes, url=IMPORT, kind="csv", **headers):
    file = io.BytesIO(data)
    file.name = f"meetings.{kind}"
    return client.post(url, {"format": FORMATS[kind], "import_file": file}, **headers)


def confirmation(response) -> dict:
    form = response.context["confirm_form"]
    return {name: form.initial[name] for name in form.fields}


@pytest.fixture(autouse=True)
def _known_slugs():
    """The slugs the rows name exist in the real fixtures."""
    from mechanisms.models import Country, Mechanism
    from portal.models import Source

    assert Mechanism.objects.filter(slug__in=["sco", "china-russia"]).count() == 2
    assert Country.objects.filter(slug__in=["china", "russia"]).count() == 2
    assert Source.objects.filter(slug="sco-brochure").exists()


def test_a_bad_row_is_named_in_the_editors_language_and_nothing_is_imported(admin_client):
    rows = [*ROWS[:2], ["sheet-bad", "expert_meeting", "no-such-mechanism", "June 2014", "", "坏",
                        "Bad", "Плохо", "", "sco-brochure", "Line 4", "draft"]]  # fmt: skip
    before = Meeting.objects.count()
    response = upload(admin_client, sheet(rows), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors() and "confirm_form" not in response.context
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    assert invalid.field_specific_errors == {
        "mechanism": ["Нет записи «механизм сотрудничества» с кодом «no-such-mechanism»."],
        "when": [
            "«June 2014» — недопустимая неполная дата: используйте ГГГГ, ГГГГ-ММ или "
            "ГГГГ-ММ-ДД с существующими месяцем и днём либо диапазон вида 2021/2025, конец "
            "которого не раньше начала."
        ],
    }
    page = response.content.decode()
    assert "no-such-mechanism" in page and "Импорт" in page
    assert Meeting.objects.count() == before


def test_a_valid_import_writes_nothing_until_confirmed_then_exact_records(admin_client, admin_user):
    before = Meeting.objects.count()
    preview = upload(admin_client, sheet(ROWS))
    assert preview.status_code == 200 and not preview.context["result"].has_errors()
    assert [row.import_type for row in preview.context["result"].rows] == ["new"] * 3
    assert Meeting.objects.count() == before

    response = admin_client.post(CONFIRM, confirmation(preview))
    assert response.status_code == 302
    assert Meeting.objects.count() == before + 3
    made = Meeting.objects.filter(slug__startswith="sheet-").order_by("slug")
    assert [
        (m.slug, m.when, m.mechanism.slug, m.country and m.country.slug, m.title_ru,
         sorted(m.topics.values_list("slug", flat=True)), m.publication)
        for m in made
    ] == [
        ("sheet-meeting-month", "2014-06", "sco", None, "Июньское совещание", [], "draft"),
        ("sheet-meeting-range", "2019-09-02/2019-09-04", "china-russia", "russia",
         "Трёхдневное совещание", ["water"], "draft"),
        ("sheet-meeting-year", "2014", "sco", "china", "Годовое совещание",
         ["biodiversity", "water"], "draft"),
    ]  # fmt: skip
    for meeting in made:
        [version] = Version.objects.get_for_object(meeting)
        assert version.revision.comment == REVISION_COMMENT
        assert version.revision.user == admin_user
        assert version.field_dict["topics"] == list(meeting.topics.values_list("pk", flat=True))


def exported(client, model="meeting", kind="csv") -> bytes:
    """Export every column as CSV or XLSX, from a page without inline script or style."""
    url = f"/admin/cooperation/{model}/export/"
    page = client.get(url).content.decode()
    assert "<script>" not in page and " style=" not in page and " onchange=" not in page
    response = client.post(url, {"format": FORMATS[kind], "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    return response.content


@pytest.mark.parametrize("model,kind", [(Meeting, "csv"), (Document, "csv"), (Meeting, "xlsx")])
def test_export_then_import_changes_nothing(admin_client, model, kind):
    name = model._meta.model_name
    data = exported(admin_client, name, kind)
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == model.objects.count() and "version" in rows[0]
    versions = Version.objects.count()
    url = f"/admin/cooperation/{name}/"
    preview = upload(admin_client, data, url=url + "import/", kind=kind)
    assert len(preview.context["result"].rows) == model.objects.count()
    assert not preview.context["result"].has_errors()
    assert {row.import_type for row in preview.context["result"].rows} == {"skip"}
    stamps = dict(model.objects.values_list("slug", "updated_at"))
    assert admin_client.post(url + "process_import/", confirmation(preview)).status_code == 302
    assert dict(model.objects.values_list("slug", "updated_at")) == stamps
    assert Version.objects.count() == versions


def test_a_row_edited_since_the_export_is_refused_with_who_changed_it(admin_client):
    data = exported(admin_client)
    meeting = Meeting.objects.get(slug="sco-heads-of-state-council-2018-qingdao")
    meeting.title_en = "Changed by another editor"
    meeting.save()
    response = upload(admin_client, data, HTTP_ACCEPT_LANGUAGE="en")
    [invalid] = response.context["result"].invalid_rows
    assert list(invalid.field_specific_errors) == ["version"]
    assert invalid.field_specific_errors["version"][0].startswith(
        "This record was changed after the spreadsheet was exported (the fixture loader, "
    )
    assert [row.import_type for row in response.context["result"].valid_rows()] == ["skip"] * 80
    assert Meeting.objects.get(pk=meeting.pk).title_en == "Changed by another editor"


def test_a_row_for_an_existing_record_needs_its_version(admin_client):
    row = [*ROWS[0]]
    row[0] = "sco-heads-of-state-council-2018-qingdao"
    response = upload(admin_client, sheet([row]))
    [invalid] = response.context["result"].invalid_rows
    assert invalid.field_specific_errors["version"] == [
        "此记录已存在：请先导出，再编辑导出的那一行（其中带有记录的版本）。"
    ]


def test_a_translator_may_export_but_a_crafted_import_is_refused(admin_client, client, translator):
    preview = upload(admin_client, sheet(ROWS))  # a real preview, by an editor
    before = Meeting.objects.count()
    assert upload(client, sheet(ROWS)).status_code == 403
    assert client.post(CONFIRM, confirmation(preview)).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert Meeting.objects.count() == before
    page = client.get("/admin/cooperation/meeting/").content.decode()
    assert 'href="/admin/cooperation/meeting/export/' in page and "/import/" not in page
    assert exported(client)


def test_a_confirmation_naming_another_file_or_format_is_refused(admin_client):
    offered = confirmation(upload(admin_client, sheet(ROWS)))
    real = offered["import_file_name"]
    assert real.startswith("portal-import-") and "/" not in real
    crafted = [
        ("/etc/passwd", "0"),
        ("../portal-import-x", "0"),
        ("portal-import-gone", "0"),
        (real, "9"),
        (real, "x"),
    ]
    for name, chosen in crafted:
        data = {**offered, "import_file_name": name, "format": chosen}
        assert admin_client.post(CONFIRM, data).status_code == 400
    assert not Meeting.objects.filter(slug__startswith="sheet-").exists()


def test_documents_import_with_their_links_and_a_date_range(admin_client, admin_user):
    header = ["slug", "kind", "mechanism", "when", "adopted_at", "related", "topics",
              "title_zh_hans", "title_en", "title_ru", "source", "locator"]  # fmt: skip
    row = ["sheet-plan", "plan", "sco", "2021/2025", "sco-heads-of-state-council-2018-qingdao",
           "sco-green-development-initiative-2024", "water", "计划", "Plan", "План",
           "sco-brochure", "Page 3"]  # fmt: skip
    url = "/admin/cooperation/document/"
    preview = upload(admin_client, sheet([row], header), url=url + "import/")
    assert [r.import_type for r in preview.context["result"].rows] == ["new"]
    assert admin_client.post(url + "process_import/", confirmation(preview)).status_code == 302
    plan = Document.objects.get(slug="sheet-plan")
    assert (plan.when, plan.adopted_at.slug, plan.title_ru, plan.publication) == (
        "2021/2025",
        "sco-heads-of-state-council-2018-qingdao",
        "План",
        "published",
    )
    assert list(plan.related.values_list("slug", flat=True)) == [
        "sco-green-development-initiative-2024"
    ]
    assert list(plan.topics.values_list("slug", flat=True)) == ["water"]
    assert Version.objects.get_for_object(plan).get().revision.user == admin_user


#: The Content-Security-Policy as it stands: no inline styles, on the public site or in
#: the admin (the one hash is Django admin's own <style> in the change list).
CSP = (
    "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def preview_sheet(*, invalid: bool = False) -> bytes:
    """A sheet as an editor sends it back after an export: one title reworded, one record
    added and two rows left as they were; ``invalid``: the added row names no mechanism
    the portal has."""
    from cooperation.admin_import import MeetingResource

    exported = MeetingResource().export(queryset=Meeting.objects.order_by("slug")).csv
    rows = list(csv.DictReader(io.StringIO(exported)))
    by_slug = {row["slug"]: row for row in rows}
    changed = by_slug["sco-heads-of-state-council-2018-qingdao"]
    assert " in Qingdao" in changed["title_en"]
    changed["title_en"] = changed["title_en"].replace(" in Qingdao", " held at Qingdao")
    unchanged = [row for row in rows if row is not changed][:2]
    added = {**unchanged[0], "slug": "sheet-preview-new", VERSION_COLUMN: ""}
    added.update(title_zh_hans="新会议", title_en="A <b>new</b> meeting", title_ru="Новое")
    if invalid:
        added["mechanism"] = "no-such-mechanism"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([changed, added, *unchanged])
    return out.getvalue().encode()


def stylesheet_rules(page: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of every rule outside @media in the page's stylesheets,
    each read from the static files the site serves."""
    rules = []
    for href in re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+)"', page):
        assert href.startswith(settings.STATIC_URL), href
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path, f"{href} is not a static file"
        with open(path, encoding="utf-8") as css:
            text = re.sub(r"/\*.*?\*/", "", css.read(), flags=re.S)
        text = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", text)
        rules += [(m[1].strip(), m[2]) for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", text)]
    return rules


def has_background(rules, selector: str) -> bool:
    return any(
        selector in [part.strip() for part in selectors.split(",")]
        and "background-color" in declarations
        for selectors, declarations in rules
    )


def test_preview_colours_come_from_a_served_stylesheet_under_the_same_csp(admin_client, client):
    preview = upload(admin_client, preview_sheet())
    page = preview.content.decode()
    assert preview["Content-Security-Policy"] == CSP
    assert client.get("/en/")["Content-Security-Policy"] == CSP
    assert " style=" not in page and "<style" not in page
    assert re.findall(r'<tr class="(\w+)">', page) == ["update", "new", "skip", "skip"]
    assert "<del>in</del><ins>held at</ins>" in page
    assert "<td><ins>A &lt;b&gt;new&lt;/b&gt; meeting</ins></td>" in page  # escaped

    rules = stylesheet_rules(page)
    for selector in (
        "table.import-preview tr.new",
        "table.import-preview tr.update",
        "table.import-preview tr.skip",
        "table.import-preview td ins",
        "table.import-preview td del",
    ):
        assert has_background(rules, selector), selector

    invalid = upload(admin_client, preview_sheet(invalid=True))
    page = invalid.content.decode()
    assert invalid["Content-Security-Policy"] == CSP
    assert page.count('<td class="errors">') == 1 and " style=" not in page
    assert has_background(stylesheet_rules(page), "table.import-preview tr:has(> td.errors)")
