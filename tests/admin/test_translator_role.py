"""A Translator changes only English and Russian texts, whatever the admin is sent."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models, transaction

from cooperation.models import Meeting
from mechanisms.models import Mechanism
from portal import roles
from portal.concurrency import VERSION_FIELD

pytestmark = pytest.mark.django_db

CONTENT_ADMINS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if roles.is_content_model(model) and model._meta.app_label in roles.CONTENT_APPS
]


def admin_url(obj, view="change"):
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/{view}/"


def _fk(inline, parent_model):
    from django.forms.models import _get_foreign_key

    return _get_foreign_key(parent_model, inline.model, fk_name=inline.fk_name)


def sample(model, model_admin):
    """An object with rows in every inline, so the inlines are walked too."""
    queryset = model._default_manager.order_by("pk")
    for inline in model_admin.inlines:
        related = _fk(inline, model).remote_field.get_accessor_name()
        queryset = queryset.filter(**{f"{related}__isnull": False})
    return queryset.distinct().first()


def children(obj, model_admin):
    out = []
    for inline in model_admin.inlines:
        fk = _fk(inline, type(obj))
        out += list(inline.model._base_manager.filter(**{fk.name: obj}).order_by("pk"))
    return out


def snapshot(obj):
    """Every value a translator may not change, by column and link."""
    model = type(obj)
    row = model._base_manager.filter(pk=obj.pk).values(*roles._protected_columns(model)).get()
    for field in model._meta.many_to_many:
        row[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return row


def crafted(field, current):
    """A value that differs from ``current`` and would pass the field's validation."""
    if field.choices:
        return next(value for value, _ in field.choices if value != current)
    if isinstance(field, models.ManyToManyField):
        other = field.related_model._default_manager.exclude(pk__in=current or [])
        return [other.first().pk]
    if isinstance(field, models.ForeignKey):
        other = field.related_model._default_manager.exclude(pk=current).first()
        return other.pk if other is not None else current
    if isinstance(field, models.BooleanField):
        return "" if current else "on"
    if isinstance(field, models.IntegerField):
        return 97
    if isinstance(field, models.SlugField):
        return "crafted-slug"
    if isinstance(field, models.EmailField):
        return "crafted@example.org"
    if isinstance(field, models.URLField):
        return "https://crafted.example.org/"
    return "1999" if field.name in {"when", "since", "launched", "established"} else "篡改"


def form_values(form, prefix=""):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        key = f"{prefix}{name}"
        if isinstance(value, list | tuple):
            data[key] = [getattr(v, "pk", v) for v in value]
        else:
            data[key] = getattr(value, "pk", value)
    return data


def craft_post(response, obj):
    """The change form as posted back, with every protected field of every row forged."""
    form = response.context["adminform"].form
    data = form_values(form)
    translatable = []
    for field in [*type(obj)._meta.concrete_fields, *type(obj)._meta.many_to_many]:
        if field.primary_key or field.name in roles.SYSTEM_FIELDS:
            continue
        if roles.translator_may_change(field.name):
            if field.name in form.fields and not field.choices:
                data[field.name] = f"Translator's {field.name}"
                translatable.append(field.name)
            continue
        current = data.get(field.name, getattr(obj, field.attname, None))
        if isinstance(field, models.ManyToManyField):
            current = list(getattr(obj, field.name).values_list("pk", flat=True))
        data[field.name] = crafted(field, current)
    for inline_formset in response.context["inline_admin_formsets"]:
        formset = inline_formset.formset
        data.update(form_values(formset.management_form, f"{formset.prefix}-"))
        for i, inline_form in enumerate(formset.forms):
            row = inline_form.instance
            data.update(form_values(inline_form, f"{formset.prefix}-{i}-"))
            for field in type(row)._meta.concrete_fields:
                if field.primary_key or roles.translator_may_change(field.name):
                    continue
                if field.name in roles.SYSTEM_FIELDS or field.name == formset.fk.name:
                    continue  # the parent link is Django's own check
                data[f"{formset.prefix}-{i}-{field.name}"] = crafted(
                    field, getattr(row, field.attname)
                )
        # And a forged extra row, as if the translator could add one.
        total = len(formset.forms)
        data[f"{formset.prefix}-TOTAL_FORMS"] = total + 1
        data[f"{formset.prefix}-{total}-slug"] = "forged-row"
        data[f"{formset.prefix}-{total}-order"] = 98
    data["_save"] = "Save"
    return data, translatable


@pytest.mark.parametrize(
    ("model", "model_admin"), CONTENT_ADMINS, ids=[m._meta.label for m, _ in CONTENT_ADMINS]
)
def test_every_admin_form_and_inline_holds_a_crafted_post(client, translator, model, model_admin):
    obj = sample(model, model_admin)
    before = snapshot(obj)
    rows_before = [(type(r), r.pk, snapshot(r)) for r in children(obj, model_admin)]

    response = client.get(admin_url(obj))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not [n for n in form.fields if not roles.translator_may_change(n) and n != VERSION_FIELD]
    for inline_formset in response.context["inline_admin_formsets"]:
        for inline_form in inline_formset.formset.forms:
            editable = [
                n
                for n in inline_form.fields
                if n not in ("id", "DELETE", VERSION_FIELD, inline_formset.formset.fk.name)
            ]
            assert not [n for n in editable if not roles.translator_may_change(n)], editable

    data, translatable = craft_post(response, obj)
    response = client.post(admin_url(obj), data)
    assert response.status_code == 302, [
        (f.non_form_errors(), f.errors)
        for f in response.context["inline_admin_formsets"]
        and [i.formset for i in response.context["inline_admin_formsets"]]
    ]

    obj.refresh_from_db()
    assert snapshot(obj) == before
    rows_after = [(type(r), r.pk, snapshot(r)) for r in children(obj, model_admin)]
    assert rows_after == rows_before
    for name in translatable:
        assert getattr(obj, name) == f"Translator's {name}"


def test_the_bypasses_found_in_review_are_refused(client, translator):
    from cooperation.models import Document

    document = Document.objects.filter(sections__isnull=False).first()
    section = document.sections.order_by("order").first()
    response = client.get(admin_url(document))
    data, _ = craft_post(response, document)
    data.update({"sections-0-body_zh_hans": "篡改正文", "sections-0-heading_zh_hans": "篡改"})
    assert client.post(admin_url(document), data).status_code == 302
    section.refresh_from_db()
    assert "篡改" not in section.heading_zh_hans + section.body_zh_hans

    sco = Mechanism.objects.get(slug="sco")
    membership = sco.memberships.order_by("pk").first()
    body = sco.bodies.order_by("pk").first()
    data, _ = craft_post(client.get(admin_url(sco)), sco)
    data.update({"bodies-0-name_zh_hans": "篡改", "memberships-0-publication": "draft"})
    assert client.post(admin_url(sco), data).status_code == 302
    membership.refresh_from_db()
    body.refresh_from_db()
    assert (membership.publication, body.name_zh_hans != "篡改") == ("published", True)

    # No add, delete or action: the forms are refused outright.
    meeting = Meeting.objects.order_by("pk").first()
    assert client.post("/admin/cooperation/meeting/add/", {}).status_code == 403
    assert client.post(admin_url(meeting, "delete"), {"post": "yes"}).status_code == 403
    client.post(
        "/admin/cooperation/meeting/",
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_translator_revert_from_history_restores_only_english_and_russian(
    client, translator, django_user_model
):
    from reversion.models import Version

    from tests.admin.test_staff_editing import change_form_data

    editor = django_user_model.objects.create_user("ed", password="pw-123456", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    meeting = Meeting.objects.get(slug="sco-heads-of-state-council-2018-qingdao")
    client.force_login(editor)
    url = admin_url(meeting)
    old_zh, old_en = meeting.title_zh_hans, meeting.title_en
    for zh, en in (("第一次修改", "First"), ("第二次修改", "Second")):
        data = change_form_data(client, url)
        data.update(title_zh_hans=zh, title_en=en)
        assert client.post(url, data).status_code == 302
    data = change_form_data(client, url)
    data["publication"] = "draft"
    assert client.post(url, data).status_code == 302
    first = Version.objects.get_for_object(meeting).filter(revision__user=editor).order_by("pk")[0]
    assert first.field_dict["title_zh_hans"] == "第一次修改"

    client.force_login(translator)
    revision_url = f"/admin/cooperation/meeting/{meeting.pk}/history/{first.pk}/"
    response = client.get(revision_url)
    assert response.status_code == 200
    data = form_values(response.context["adminform"].form)
    data.update({"title_zh_hans": "篡改", "publication": "published", "_save": "Save"})
    assert client.post(revision_url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_zh_hans, meeting.title_en, meeting.publication) == (
        "第二次修改",
        "First",
        "draft",
    )
    assert old_zh != meeting.title_zh_hans and old_en != meeting.title_en


def test_guard_refuses_creating_deleting_and_relinking_content():
    from django.core.exceptions import PermissionDenied

    meeting = Meeting.objects.filter(topics__isnull=False).order_by("pk").first()
    with roles.translator_scope():
        for forge in (
            meeting.delete,
            meeting.topics.clear,
            lambda: Mechanism.objects.create(slug="forged", source=meeting.source, locator="x"),
        ):
            with pytest.raises(PermissionDenied), transaction.atomic():
                forge()
        meeting.publication = "draft"
        meeting.title_en = "Allowed"
        meeting.save()
    meeting.refresh_from_db()
    assert (meeting.publication, meeting.title_en) == ("published", "Allowed")
