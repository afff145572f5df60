"""Every interface string is translated into all three languages, and compiled."""

import gettext
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def catalogue(lang: str) -> dict:
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        return gettext.GNUTranslations(fh)._catalog


def test_english_catalogue_is_compiled_with_every_string():
    assert len([k for k in catalogue("en") if k]) > 10


@pytest.mark.parametrize("lang", ["zh_Hans", "ru"])
def test_every_interface_string_is_translated(lang):
    # Plural entries are keyed (msgid, form); Chinese has one form, Russian three.
    english = {k if isinstance(k, str) else (k[0], 0) for k in catalogue("en") if k}
    translated = catalogue(lang)
    missing = sorted(str(k) for k in english if not translated.get(k))
    assert missing == []
