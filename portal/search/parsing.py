"""What a reader typed, as a query: cleaned, cut, parsed into syntax, expanded by variants.

Syntax people know: ``"exact phrase"``, ``-word`` / ``-"phrase"`` to exclude, and ``OR``
(with OR, or a lone "or", any one word is enough; every word is scored either way).
Anything else is taken as words, never an error. Invisible characters are removed,
traditional Chinese is folded to simplified (OpenCC), and long input is cut at a word
boundary. Each remaining word (or Chinese bigram) is a *slot*; a slot is matched by any of
its alternatives: the word itself or, from the thesaurus and the glossary, a variant
(``固废`` = ``固体废物``, ``SCO`` = ``ШОС`` = ``上合组织``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from math import comb

from portal.search import analyzer

#: Longest query analysed; longer input is cut at the last word boundary before it.
MAX_QUERY_CHARS = 200
MAX_SLOTS = 16
#: Most alternatives a word is matched by (itself and its variants).
MAX_ALTERNATIVES = 12
#: Format (Cf) characters such as zero-width spaces and joiners, BOM, soft hyphen.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SYNTAX = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<word>\S+)')
#: Words that only join others; dropped unless the query is nothing else.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "at",
        "by",
        "with",
        "or",
        "from",
        "as",
        "is",
        "are",
        "и",
        "в",
        "во",
        "на",
        "по",
        "с",
        "со",
        "о",
        "об",
        "от",
        "для",
        "к",
        "ко",
        "из",
        "или",
        "а",
        "но",
        "у",
        "за",
    ]
)
_OR = frozenset({"or", "или", "或"})


def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_CONVERTER = None


def load():
    """Load the traditional-to-simplified converter now (~7 ms), not in a first Chinese
    query: a server's master calls it before forking, so workers share it."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _t2s()
    return _CONVERTER


def simplified(text: str) -> str:
    """Traditional Chinese characters folded to simplified (other scripts unchanged)."""
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text
    return load().convert(text)


def clean(text: str) -> tuple[str, bool]:
    """Remove invisible characters, normalise spaces, cut at a word boundary.

    Returns the cleaned text and whether it was cut.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    text = " ".join(text.split())
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    cut = text[: MAX_QUERY_CHARS + 1]
    boundary = cut.rfind(" ")
    if boundary > MAX_QUERY_CHARS // 2:
        return cut[:boundary].rstrip(), True
    # One long word (or unspaced Chinese): cut between two characters of a run.
    return text[:MAX_QUERY_CHARS], True


@dataclass
class Slot:
    """One query word (or Chinese bigram) and its alternatives, each a list of tokens."""

    word: str
    alternatives: list[list[str]]

    @property
    def tokens(self) -> list[str]:
        return self.alternatives[0]


@dataclass
class Query:
    text: str = ""
    cut: bool = False
    slots: list[Slot] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)
    #: The query's own tokens in order (for names, adjacency and highlighting).
    sequence: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    #: The query said OR: any one of its words is enough (they are still all scored).
    any_of: bool = False

    def __bool__(self):
        return bool(self.slots or self.phrases)

    @property
    def tokens(self) -> list[str]:
        out: list[str] = []
        for slot in self.slots:
            out.extend(t for t in slot.tokens if t not in out)
        for phrase in self.phrases:
            out.extend(t for t in phrase if t not in out)
        return out

    def minimum(self) -> int:
        """How many slots a record must match (the rest are optional)."""
        n = len(self.slots)
        if self.any_of:
            return min(1, n)
        missing = int(n * 0.4)
        while missing and comb(n, missing) > 40:
            missing -= 1
        return n - missing

    def expression(self):
        """The boolean match: at least ``minimum()`` slots, every phrase's tokens."""
        slot_exprs = [Or([And(alt) for alt in slot.alternatives]) for slot in self.slots]
        parts: list[And | Or] = []
        if slot_exprs:
            parts.append(at_least(min(self.minimum(), len(slot_exprs)), slot_exprs))
        parts.extend(And(list(p)) for p in self.phrases)
        return And(parts)


def at_least(k: int, items: list):
    """True when at least ``k`` of ``items`` are (``1 <= k <= len(items)``).

    Written as ``(x1 AND at_least(k-1, rest)) OR at_least(k, rest)``, not as the OR of
    every k-combination: the same matches from an expression about half the size, which
    the full-text index evaluates for every entry holding any of the words (on PostgreSQL
    "环境保护合作" at 100k entries: 56 -> 23 ms in the GIN scan).
    """
    if k >= len(items):
        return And(list(items))
    if k <= 1:
        return Or(list(items))
    first, rest = items[0], items[1:]
    return Or([And([first, at_least(k - 1, rest)]), at_least(k, rest)])


@dataclass
class And:
    items: list

    def __post_init__(self):
        self.items = [i for i in self.items if i is not None]


@dataclass
class Or:
    items: list


def _search_tokens(text: str) -> list[str]:
    return analyzer.query_tokens(text)


def parse(raw: str, variants=None) -> Query:
    """Parse a reader's input; ``variants`` maps a token tuple to alternative token lists."""
    text, cut = clean(raw)
    text = simplified(text)
    query = Query(text=text, cut=cut)
    words: list[str] = []
    for match in _SYNTAX.finditer(text):
        if match.group("phrase") is not None:
            tokens = _search_tokens(match.group("phrase"))
            if tokens:
                (query.excluded if match.group("neg") else query.phrases).append(tokens)
            continue
        word = match.group("word")
        if word.startswith("-") and len(word) > 1:
            tokens = _search_tokens(word[1:])
            if tokens:
                query.excluded.append(tokens)
            continue
        if word in ("OR", "|") or word.lower() in _OR:
            query.any_of = True
            continue
        words.append(word)
    meaningful = [w for w in words if w.lower() not in STOPWORDS] or words
    query.words = meaningful
    sequence: list[str] = []
    for word in meaningful:
        sequence.extend(_search_tokens(word))
    query.sequence = sequence
    for phrase in query.phrases:
        sequence.extend(phrase)
    slot_tokens = list(dict.fromkeys(query.sequence))
    slots = [Slot(t, [[t]]) for t in slot_tokens[:MAX_SLOTS] if not _in_phrases(t, query)]
    query.slots = _without_seams(_expand(slots, variants or {}))
    return query


def _is_cjk_pair(token: str) -> bool:
    return len(token) == 2 and all("\u3400" <= ch <= "\u9fff" for ch in token)


def _without_seams(slots: list[Slot]) -> list[Slot]:
    """Drop the Chinese bigrams that straddle a known form and the word next to it.

    In 环境保护合作 the form 环境保护 is one slot (with 环保); the bigram 护合 only spans
    its last character and the next word's first, so it is not a word of the query (it
    stays in the sequence, which adjacency scores).
    """
    out = []
    for i, slot in enumerate(slots):
        before = slots[i - 1] if i else None
        after = slots[i + 1] if i + 1 < len(slots) else None
        word = slot.word
        seam = (
            len(slot.alternatives) == 1
            and _is_cjk_pair(word)
            and before is not None
            and after is not None
            and (len(before.alternatives) > 1 or len(after.alternatives) > 1)
            and before.tokens[-1][-1:] == word[0]
            and after.tokens[0][:1] == word[1]
        )
        if not seam:
            out.append(slot)
    return out


def _in_phrases(token: str, query: Query) -> bool:
    return any(token in phrase for phrase in query.phrases)


def _expand(slots: list[Slot], variants: dict) -> list[Slot]:
    """Merge runs of slots that spell a known form into one slot with its variants."""
    if not variants or not slots:
        return slots
    longest = _longest_key(variants)
    out: list[Slot] = []
    i = 0
    while i < len(slots):
        for size in range(min(longest, len(slots) - i), 0, -1):
            key = tuple(s.word for s in slots[i : i + size])
            if key in variants:
                out.append(Slot(" ".join(key), alternatives(key, variants)))
                i += size
                break
        else:
            out.append(slots[i])
            i += 1
    return out


#: The variants map last measured and its longest key (a walk over some 400 keys), as
#: one tuple so that threads read a map and its length together.
_longest: tuple = (None, 0)


def _longest_key(variants: dict) -> int:
    global _longest
    held, longest = _longest
    if held is not variants:
        longest = max((len(k) for k in variants), default=0)
        _longest = (variants, longest)
    return longest


def alternatives(key: tuple, variants: dict) -> list[list[str]]:
    """What a known form matches: itself first, then its variants (at most a dozen)."""
    out = [list(key)] + [list(v) for v in variants[key] if tuple(v) != tuple(key)]
    return out[:MAX_ALTERNATIVES]


@lru_cache(maxsize=4096)
def form_tokens(form: str) -> tuple[str, ...]:
    """The query tokens of a name or variant (the key it is looked up by)."""
    return tuple(_search_tokens(simplified(form)))
