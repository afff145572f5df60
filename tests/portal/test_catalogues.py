"""Every interface string is translated into all three languages, and compiled."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUES = ("zh_Hans", "en", "ru")
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?', re.M)


def compiled(lang: str) -> dict:
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        return gettext.GNUTranslations(fh)._catalog


def msgids(lang: str) -> set[str]:
    """The msgids of a .po file (what makemessages extracted), obsolete entries excluded."""
    text = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = set()
    for match in _ENTRY.finditer(text):
        lines = match.group(1).strip().splitlines()
        value = "".join(line.strip()[1:-1] for line in lines)
        if value:
            found.add(value.encode().decode("unicode_escape").encode("latin-1").decode())
    return found


def test_every_catalogue_holds_the_same_strings():
    english = msgids("en")
    assert len(english) > 100
    for lang in CATALOGUES:
        assert msgids(lang) == english, lang


@pytest.mark.parametrize("lang", ["zh_Hans", "ru"])
def test_compiled_catalogue_translates_every_string(lang):
    # A message with a context is keyed "context\x04msgid" in a .mo file.
    keys = {(k if isinstance(k, str) else k[0]).split("\x04")[-1] for k in compiled(lang) if k}
    # Entries with an empty translation are left out of a .mo file, so a missing key is
    # either untranslated or not compiled: both fail here. (English msgids are English, so
    # the English catalogue may leave an entry empty.)
    assert sorted(msgids(lang) - keys) == []


@pytest.mark.parametrize("lang", ["zh_Hans", "ru"])
def test_every_interface_string_is_translated(lang):
    # Plural entries are keyed (msgid, form); Chinese has one form, Russian three.
    english = {k if isinstance(k, str) else (k[0], 0) for k in compiled("en") if k}
    translated = compiled(lang)
    missing = sorted(str(k) for k in english if not translated.get(k))
    assert missing == []
