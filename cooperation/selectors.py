"""Reads that gather what a document page shows."""

from itertools import groupby

from cooperation import reader
from cooperation.models import Meeting, SectionTable
from portal import i18n
from portal.models import TextState


def _grouped(records, field):
    """Group records (in order) by a translated field's text in the active language.

    A note that every record of a group carries qualifies the group (a strategic
    direction's name as the table prints it): it is shown once, with the group's label,
    and ``note_in_group`` tells the rows not to repeat it.
    """
    groups = []
    for label, group in groupby(records, key=lambda r: i18n.localized_value(r, field)[0]):
        members = list(group)
        notes = {r.editorial_note_zh_hans for r in members}
        shared = members[0] if len(members) > 1 and len(notes) == 1 and "" not in notes else None
        for record in members:
            record.note_in_group = shared is not None
        groups.append({"label": label, "records": members, "note_record": shared})
    return groups


def document_reading(document) -> dict:
    """The document's text as a tree, its contents list and the tables placed in it."""
    sections = list(document.sections.all())
    nodes = reader.tree(sections)
    tables = {section.table for section in sections if section.table}
    context = {"nodes": nodes, "contents": reader.contents(nodes), "tables": {}}
    if SectionTable.KEY_PROJECTS in tables:
        context["tables"][SectionTable.KEY_PROJECTS] = list(
            document.key_projects.published().order_by("number")
        )
    if SectionTable.ACTIVITIES in tables:
        activities = document.activities.published().order_by("order", "pk")
        context["tables"][SectionTable.ACTIVITIES] = _grouped(activities, "strategic_direction")
    if SectionTable.LISTED_MEETINGS in tables:
        meetings = (
            Meeting.objects.published()
            .filter(listed_in__document=document)
            .select_related("country")
            .order_by("pk")
        )
        context["tables"][SectionTable.LISTED_MEETINGS] = _grouped(meetings, "priority_area")
    return context


def _language_names() -> dict[str, str]:
    """Language names in the page's language (the authoritative-language choices)."""
    from cooperation.models import Document

    return {
        str(code): str(label)
        for code, label in Document._meta.get_field("authoritative_language").choices
    }


def text_states(document) -> list[dict]:
    """Each language's name (in the page's language) and the state of the document's text in it."""
    names = _language_names()
    return [
        {"code": code, "name": names[code], "state": TextState(document.text_state(code))}
        for code in i18n.LANGUAGE_CODES
    ]


def language_column(document, code: str) -> dict:
    """One column of a parallel view: the language, its name and whether it is official."""
    state = TextState(document.text_state(code))
    return {
        "code": code,
        "name": _language_names()[code],
        "state": state,
        "editorial": state != TextState.OFFICIAL,
    }


def parallel_languages(document) -> list[dict]:
    """Languages the document can be read in beside its authoritative text."""
    return [
        language_column(document, code)
        for code in i18n.LANGUAGE_CODES
        if code != document.authoritative_language
        and document.text_state(code) in (TextState.OFFICIAL, TextState.EDITORIAL)
    ]


def parallel_rows(document, left: str, right: str) -> list[dict]:
    """The sections in order, each with its label and text in both languages (no fallback)."""
    rows = []
    for section in document.sections.all():
        cells = []
        for code in (left, right):
            number = getattr(section, i18n.localized_field("number", code), "") or ""
            heading = getattr(section, i18n.localized_field("heading", code), "") or ""
            body = getattr(section, i18n.localized_field("body", code), "") or ""
            label = reader.join_label(number.strip(), heading.strip())
            cells.append({"code": code, "label": label, "body": body})
        rows.append({"section": section, "cells": cells})
    return rows
