"""The document reader: a document's sections as a tree, its contents list and its tables.

Sections are stored flat, in order, with a ``level`` (1 chapter, 2 section, 3 paragraph);
this module nests them, labels them with their printed number and heading (once, as
printed: "一、重要意义", "（一）合作思路", "2.1 合作历程", "战略方向 1: ..."), groups runs of
numbered paragraphs without a heading (the Qingdao initiative's six calls) into one
ordered list, and says which of the document's tables the portal prints under a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal import i18n

#: Printed numbers that end in punctuation are joined to their heading without a space.
_CLOSED_NUMBER = re.compile(r"[、，。：）]$")
#: "战略方向 1", "Strategic direction 1", "Annex": a label is followed by a colon.
_LABELLED_NUMBER = re.compile(r"[^\W\d_].*\d$|^[^\W\d_]+$")
#: Where the opening words of an unheaded paragraph stop, at the latest.
OPENING_CHARS = 40
_CLAUSE_END = re.compile(r"[，,；;。：:]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Text:
    """A piece of text and the language it is really in (a fallback may differ)."""

    text: str
    language: str
    requested: str = ""

    def __str__(self):
        return self.text

    @property
    def is_fallback(self) -> bool:
        return bool(self.requested) and self.language != self.requested


@dataclass
class Node:
    """One section, its label and its subsections; ``items`` holds numbered paragraphs."""

    section: object
    number: Text
    heading: Text
    label: Text
    children: list[Node] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def is_numbered_paragraph(self) -> bool:
        return bool(self.number.text) and not self.heading.text

    @property
    def blocks(self) -> list[dict]:
        """Children in order; consecutive numbered paragraphs form one ordered list."""
        return group_blocks(self.children)


def join_label(number: str, heading: str) -> str:
    """Join a printed number and a heading as the document prints them."""
    if not number or not heading:
        return number or heading
    if _CLOSED_NUMBER.search(number):
        return f"{number}{heading}"
    if _LABELLED_NUMBER.match(number):
        colon = "：" if _CJK.search(number) else ": "
        return f"{number}{colon}{heading}"
    return f"{number} {heading}"


def opening_words(text: str, limit: int = OPENING_CHARS) -> str:
    """The first clause of a paragraph, cut at ``limit`` characters (on a word in Latin text)."""
    text = " ".join(text.split())
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    if len(clause) <= limit:
        return clause if clause == text else f"{clause}…"
    cut = clause[:limit]
    if not _CJK.search(cut) and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return f"{cut.rstrip()}…"


def _text(section, name: str, language: str) -> Text:
    value, lang = i18n.localized_value(section, name, language)
    return Text(value.strip(), lang, language)


def node_for(section, language: str) -> Node:
    number = _text(section, "number", language)
    heading = _text(section, "heading", language)
    if heading.text:
        label = Text(join_label(number.text, heading.text), heading.language, language)
    elif number.text:
        body = _text(section, "body", language)
        label = Text(join_label(number.text, opening_words(body.text)), body.language, language)
    else:
        label = Text("", language, language)
    return Node(section, number, heading, label)


def tree(sections, language: str | None = None) -> list[Node]:
    """Nest ordered sections by level: each section holds the deeper ones that follow it."""
    language = language or i18n.current_language()
    roots: list[Node] = []
    stack: list[Node] = []
    for section in sections:
        node = node_for(section, language)
        while stack and stack[-1].section.level >= section.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def group_blocks(nodes: list[Node]) -> list[dict]:
    """Return ``{"list": [nodes]}`` for runs of numbered paragraphs, ``{"node": n}`` otherwise."""
    blocks: list[dict] = []
    for node in nodes:
        if node.is_numbered_paragraph and blocks and "list" in blocks[-1]:
            blocks[-1]["list"].append(node)
        elif node.is_numbered_paragraph:
            blocks.append({"list": [node]})
        else:
            blocks.append({"node": node})
    return blocks


def contents(nodes: list[Node]) -> list[Node]:
    """The contents list: sections with a heading or a printed number, nested.

    Unheaded, unnumbered paragraphs (a preamble, a closing) are read, not navigated to.
    """
    entries = []
    for node in nodes:
        if not node.label.text:
            continue
        entries.append(
            Node(node.section, node.number, node.heading, node.label, contents(node.children))
        )
    return entries


def outline(entries: list[Node], depth: int = 0) -> list[tuple[int, str]]:
    """Flatten a contents list to ``(depth, label)`` pairs (for tests and the JSON)."""
    flat = []
    for entry in entries:
        flat.append((depth, entry.label.text))
        flat.extend(outline(entry.children, depth + 1))
    return flat


def table_intro(body: str) -> str:
    """The paragraph before a table the portal prints from records (the section's first)."""
    return body.strip().split("\n\n", 1)[0]
