"""Staff roles: editors change all content; translators only English and Russian texts.

This module is the one place the Translator role is enforced:

- :func:`translator_readonly_fields` tells every admin form and inline what to render
  read-only for a translator (``portal.admin.RoleAwareAdminMixin`` asks it);
- :class:`TranslatorGuardMiddleware` runs every request of a translator inside
  :func:`translator_scope`, and the model signals connected by :func:`connect_guard` then
  hold, server-side, whatever the request tries: a save keeps the stored value of every
  field but the English and Russian ones (a crafted POST, an admin action, a revert from
  the history page), and creating, deleting or relinking content is refused.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils.translation import gettext as _

from portal import i18n

EDITOR = "Editor"
TRANSLATOR = "Translator"

#: The apps whose models are content, and content models of the core app.
CONTENT_APPS = ("mechanisms", "cooperation", "news")
#: Content models of the portal app itself.
PORTAL_CONTENT_MODELS = ("portal.source", "portal.term")

#: Fields a translator may change: the English and Russian columns and their states.
TRANSLATOR_SUFFIXES = tuple(f"_{i18n.field_suffix(code)}" for code in i18n.TRANSLATED_LANGUAGES)
#: Columns the system maintains on every save.
SYSTEM_FIELDS = frozenset({"updated_at"})

_translator_request = contextvars.ContextVar("translator_request", default=False)


def is_translator_only(user) -> bool:
    """A translator who is neither an editor nor a superuser."""
    if not user.is_authenticated or not user.is_staff or user.is_superuser:
        return False
    cached = getattr(user, "_portal_translator_only", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = user._portal_translator_only = TRANSLATOR in names and EDITOR not in names
    return cached


def translator_may_change(field_name: str) -> bool:
    return field_name.endswith(TRANSLATOR_SUFFIXES)


def is_content_model(model) -> bool:
    meta = model._meta
    return meta.app_label in CONTENT_APPS or meta.label_lower in PORTAL_CONTENT_MODELS


def translated_names(model) -> set[str]:
    """The bare names of modeltranslation's fields (``title`` for ``title_en``...)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def translator_readonly_fields(model) -> list[str]:
    """Form fields a translator sees read-only: all but the English and Russian ones.

    The bare name of a translated field stands for all its languages in modeltranslation's
    admin, so only per-language columns are listed.
    """
    bare = translated_names(model)
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [
        f.name
        for f in fields
        if not f.primary_key
        and f.name not in bare
        and f.name not in SYSTEM_FIELDS
        and not translator_may_change(f.name)
    ]


def _protected_columns(model) -> list[str]:
    bare = translated_names(model)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in bare
        and f.name not in SYSTEM_FIELDS
        and not translator_may_change(f.name)
    ]


@contextlib.contextmanager
def translator_scope():
    """Run a block as a translator: content writes are held to English and Russian."""
    token = _translator_request.set(True)
    try:
        yield
    finally:
        _translator_request.reset(token)


def in_translator_scope() -> bool:
    return _translator_request.get()


class TranslatorGuardMiddleware:
    """Run every request of a translator inside :func:`translator_scope`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_translator_only(request.user):
            with translator_scope():
                return self.get_response(request)
        return self.get_response(request)


def _refused():
    return PermissionDenied(_("Translators may change only the English and Russian texts."))


def hold_protected_fields(sender, instance, **kwargs):
    """Before a translator's save, put back the stored value of every protected column."""
    if not _translator_request.get() or not is_content_model(sender):
        return
    columns = _protected_columns(sender)
    stored = None
    if instance.pk is not None:
        stored = sender._base_manager.filter(pk=instance.pk).values(*columns).first()
    if stored is None:
        raise _refused()
    for column, value in stored.items():
        setattr(instance, column, value)


def refuse_relinking(sender, instance, action, **kwargs):
    """A translator may not link or unlink content (topics, countries, briefs...)."""
    if _translator_request.get() and action.startswith("pre_") and is_content_model(type(instance)):
        raise _refused()


def refuse_deleting(sender, **kwargs):
    """A translator may not delete content (Django's delete also cascades)."""
    if _translator_request.get() and is_content_model(sender):
        raise _refused()


def connect_guard() -> None:
    """Connect the guard's receivers to every model (they act only in translator scope)."""
    pre_save.connect(hold_protected_fields, dispatch_uid="portal-roles-hold")
    pre_delete.connect(refuse_deleting, dispatch_uid="portal-roles-delete")
    m2m_changed.connect(refuse_relinking, dispatch_uid="portal-roles-m2m")


def ensure_groups(**kwargs) -> None:
    """Create or update the Editor and Translator groups (idempotent; runs after migrate)."""
    portal_models = [label.split(".")[1] for label in PORTAL_CONTENT_MODELS]
    content = Permission.objects.filter(
        Q(content_type__app_label__in=CONTENT_APPS)
        | Q(content_type__app_label="portal", content_type__model__in=portal_models)
    )
    editor, _created = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(content)
    translator, _created = Group.objects.get_or_create(name=TRANSLATOR)
    translator.permissions.set(content.filter(codename__regex=r"^(change|view)_"))
