"""Staff roles: editors change all content; translators only English and Russian texts."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from portal import i18n

EDITOR = "Editor"
TRANSLATOR = "Translator"

#: The apps whose models are content, and content models of the core app.
CONTENT_APPS = ("mechanisms", "cooperation", "news")
CORE_CONTENT_MODELS = ("term",)

#: Fields a translator may change: the English and Russian columns and their states.
TRANSLATOR_SUFFIXES = tuple(f"_{i18n.field_suffix(code)}" for code in i18n.TRANSLATED_LANGUAGES)


def is_translator_only(user) -> bool:
    """A translator who is neither an editor nor a superuser."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATOR in names and EDITOR not in names


def translator_may_change(field_name: str) -> bool:
    return field_name.endswith(TRANSLATOR_SUFFIXES)


def ensure_groups(**kwargs) -> None:
    """Create or update the Editor and Translator groups (idempotent; runs after migrate)."""
    content = Permission.objects.filter(
        Q(content_type__app_label__in=CONTENT_APPS)
        | Q(content_type__app_label="portal", content_type__model__in=CORE_CONTENT_MODELS)
    )
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(content)
    translator, _ = Group.objects.get_or_create(name=TRANSLATOR)
    translator.permissions.set(content.filter(codename__regex=r"^(change|view)_"))
