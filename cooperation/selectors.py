"""Reads that gather what a document page shows."""

from itertools import groupby

from cooperation import reader
from cooperation.models import Meeting, SectionTable
from portal import i18n, provenance
from portal.models import TextState


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def _note(record) -> dict:
    """The record's editorial note in the active language, as paragraphs, with its language.

    As the public reads it: without the source's line numbers (portal.provenance)."""
    text, language = i18n.localized_value(record, "editorial_note")
    text = provenance.without_line_numbers(text)
    fallback = language != i18n.current_language()
    return {"paragraphs": _paragraphs(text), "language": language, "is_fallback": fallback}


def _grouped(records, field):
    """Group records (in order) by a translated field's text in the active language.

    Leading note paragraphs that every record of a group carries qualify the group (a
    strategic direction's name as the table prints it): they are shown once, with the
    group's label (``group["note"]``); each row keeps the rest (``record.row_note``).
    """
    groups = []
    for label, group in groupby(records, key=lambda r: i18n.localized_value(r, field)[0]):
        members = list(group)
        official = [_paragraphs(r.editorial_note_zh_hans) for r in members]
        shared = 0
        if len(members) > 1:
            while all(len(p) > shared for p in official) and (
                len({p[shared] for p in official}) == 1
            ):
                shared += 1
        group_note = None
        for record in members:
            note = _note(record)
            if shared and len(note["paragraphs"]) == len(
                _paragraphs(record.editorial_note_zh_hans)
            ):
                group_note = group_note or {**note, "paragraphs": note["paragraphs"][:shared]}
                note = {**note, "paragraphs": note["paragraphs"][shared:]}
            record.row_note = note
        groups.append({"label": label, "records": members, "note": group_note})
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
