"""Breadcrumbs: the trail of parent pages above every public page below the home page.

The trail is read from the URL's name, so page templates need not repeat it; the page
itself is not in the trail (its heading follows), as GOV.UK and the UN's sites do. A page
whose parent is a record (a document's parallel view) adds that record from its context.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

HOME = ("home", _("Home"))
MECHANISMS = ("mechanisms:list", _("Mechanisms"))
COUNTRIES = ("mechanisms:countries", _("Countries"))
MEETINGS = ("cooperation:meetings", _("Meetings"))
DOCUMENTS = ("cooperation:documents", _("Documents"))
TOPICS = ("cooperation:topics", _("Topics"))
PROJECTS = ("cooperation:projects", _("BRI key projects"))
NEWS = ("news:list", _("News"))
ABOUT = ("about", _("About the sources"))

#: Each page's parents, below the home page, by URL name.
PARENTS: dict[str, tuple[tuple[str, object], ...]] = {
    "mechanisms:list": (),
    "mechanisms:detail": (MECHANISMS,),
    "mechanisms:body": (MECHANISMS,),
    "mechanisms:countries": (),
    "mechanisms:country": (COUNTRIES,),
    "cooperation:meetings": (),
    "cooperation:meeting": (MEETINGS,),
    "cooperation:documents": (),
    "cooperation:document": (DOCUMENTS,),
    "cooperation:document_parallel": (DOCUMENTS,),
    "cooperation:topics": (),
    "cooperation:topic": (TOPICS,),
    "cooperation:projects": (),
    "cooperation:project": (PROJECTS,),
    "cooperation:activity": (DOCUMENTS,),
    "news:list": (),
    "news:brief": (NEWS,),
    "news:issue": (NEWS,),
    "search": (),
    "glossary": (),
    "about": (),
    "source": (ABOUT,),
    "open_data:data": (),
}


def trail(view_name: str | None) -> list[dict]:
    """The links above the page named ``view_name``; empty for the home page and others."""
    if view_name not in PARENTS:
        return []
    return [{"url": reverse(name), "label": label} for name, label in (HOME, *PARENTS[view_name])]
