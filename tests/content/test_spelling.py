"""One English spelling convention for the portal's own text: American -ize/-ization.

Source 000 prints "Shanghai Cooperation Organization" and "civilization"; the portal's
editorial English follows it. Official English (verbatim from a source) keeps its own
spelling and is not checked; a note quoting the source keeps the quotation.
"""

import re

import pytest
from django.apps import apps
from modeltranslation.translator import NotRegistered, translator

from portal.models import Record, TextState

pytestmark = pytest.mark.django_db

#: -ise/-yse words that are spelled so in American English too.
AMERICAN_ISE = {
    "advertise",
    "advise",
    "apprise",
    "arise",
    "chastise",
    "circumcise",
    "comprise",
    "compromise",
    "concise",
    "demise",
    "despise",
    "devise",
    "disguise",
    "enterprise",
    "excise",
    "exercise",
    "expertise",
    "franchise",
    "guise",
    "improvise",
    "incise",
    "likewise",
    "merchandise",
    "noise",
    "otherwise",
    "paradise",
    "poise",
    "praise",
    "precise",
    "premise",
    "promise",
    "raise",
    "revise",
    "rise",
    "supervise",
    "surmise",
    "surprise",
    "televise",
    "treatise",
    "wise",
    "clockwise",
    "cruise",
    "bruise",
    "anise",
    "reprise",
    "mortise",
    "porpoise",
    "turquoise",
}
BRITISH = re.compile(r"\b([A-Za-z]+?)(is|ys)(e|es|ed|ing|ation|ations|er|ers)\b")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|'[^']*'|«[^»]*»")


def british_spellings(text: str) -> list[str]:
    """Words spelled -ise/-isation/-yse where the convention is -ize/-ization/-yze."""
    found = []
    for match in BRITISH.finditer(QUOTED.sub(" ", text)):
        stem, middle, ending = match.groups()
        base = f"{stem}{middle}e".lower()
        if base in AMERICAN_ISE or len(stem) < 2:
            continue
        if middle == "ys" and (ending == "es" or not base.endswith("lyse")):
            continue  # "analyses" is also the plural of "analysis"
        found.append(match.group(0))
    return found


def editorial_english():
    """Yield (label, text) for every English text the portal wrote itself."""
    from cooperation.models import DocumentSection

    for model in apps.get_models():
        if not issubclass(model, Record):
            continue
        try:
            fields = translator.get_options_for_model(model).fields
        except NotRegistered:
            continue
        for record in model.objects.all():
            for name in fields:
                if name != "editorial_note" and record.text_state_en != TextState.EDITORIAL:
                    continue
                yield (
                    f"{model.__name__}:{record.slug}.{name}_en",
                    getattr(record, f"{name}_en") or "",
                )
    for section in DocumentSection.objects.select_related("document"):
        if section.document.text_state_en == TextState.EDITORIAL:
            for name in ("heading", "body"):
                label = f"DocumentSection:{section.document.slug}#{section.anchor}.{name}_en"
                yield label, getattr(section, f"{name}_en") or ""


def test_the_check_finds_british_spellings_and_spares_american_ise_words():
    text = "They organise a mobilisation, analyse it and raise the enterprise's exercise."
    assert british_spellings(text) == ["organise", "mobilisation", "analyse"]
    assert british_spellings("the source prints “Shanghai Cooperation Organisation”") == []


def test_editorial_english_spells_ize():
    offenders = [
        f"{label}: {', '.join(words)}"
        for label, text in editorial_english()
        if (words := british_spellings(text))
    ]
    assert offenders == []


#: Words the sources print in their American form (Center, Program), so the portal does too.
BRITISH_WORDS = re.compile(r"\b(centre|centres|programme|programmes)\b", re.I)


def test_interface_english_spells_ize_center_and_program():
    """The interface strings (the English catalogue) follow the same convention."""
    import gettext
    from pathlib import Path

    catalogue = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.mo"
    with open(catalogue, "rb") as fh:
        messages = gettext.GNUTranslations(fh)._catalog
    offenders = sorted(
        {
            text
            for key, value in messages.items()
            for text in ((key if isinstance(key, str) else key[0]), value)
            if text and (british_spellings(text) or BRITISH_WORDS.search(text))
        }
    )
    assert offenders == []
