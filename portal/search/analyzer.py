"""One analyzer for index and query time, identical on PostgreSQL and SQLite.

Chinese runs become overlapping character bigrams plus single characters, so any one- or
two-character query and any longer phrase (as the AND of its bigrams) matches inside
unspaced text. Latin words are lower-cased and Snowball-stemmed in English, Cyrillic words
in Russian with ё folded to е. Digits stay whole. A token changes script where the text
does, so ``2019年`` is ``2019`` + ``年`` and ``SCO峰会`` is ``sco`` + ``峰会``.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_ENGLISH = snowballstemmer.stemmer("english")
_RUSSIAN = snowballstemmer.stemmer("russian")

# Han ideographs (with extensions A and compatibility), Latin letters, Cyrillic, digits.
_RUN = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<latin>[a-z\u00c0-\u024f]+)"
    r"|(?P<cyrillic>[\u0400-\u04ff]+)"
    r"|(?P<digits>[0-9]+)"
)

#: Longest query we analyse; longer input is cut (the rest cannot change the result much).
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 32
#: PostgreSQL refuses a lexeme of 2,048 bytes or more; both databases index the same cut.
MAX_TOKEN_BYTES = 2047


def _fold(text: str) -> str:
    # NFKC folds full-width letters and digits (ＳＣＯ, ２０１９) to their plain forms.
    return unicodedata.normalize("NFKC", text).lower().replace("ё", "е")


#: British spellings read as the American ones the portal prints (before stemming).
_BRITISH = {
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
    "colour": "color",
    "labour": "labor",
    "behaviour": "behavior",
    "neighbour": "neighbor",
    "neighbouring": "neighboring",
    "defence": "defense",
    "licence": "license",
    "catalogue": "catalog",
    "sulphur": "sulfur",
    "analyse": "analyze",
    "ageing": "aging",
    "fulfil": "fulfill",
}
_ISE = re.compile(
    r"(organ|recogn|real|priorit|util|mobil|minim|maxim|harmon|standard|character|emphas|summar|optim|stabil|special|modern|urban|digital|local|final|central|industrial|global|institutional|capital|synchron|categor|author|critic)is(e|es|ed|ing|ation|ations|er|ers)$"
)


def spelling(word: str) -> str:
    """American spelling of a (lower-case) British English word."""
    if word in _BRITISH:
        return _BRITISH[word]
    return _ISE.sub(r"\1iz\2", word)


#: Snowball stems "environmental" to "environment" but "environment" to "environ": one stem.
_STEM_FIXES = {"environment": "environ", "government": "govern"}


@lru_cache(maxsize=50_000)
def stem(word: str, script: str) -> str:
    if script == "latin":
        stemmed = _ENGLISH.stemWord(spelling(word))
        return _STEM_FIXES.get(stemmed, stemmed)
    if script == "cyrillic":
        return _RUSSIAN.stemWord(word)
    return word


def cut_token(token: str) -> str:
    """Cut an over-long word to MAX_TOKEN_BYTES of UTF-8, at a character boundary."""
    data = token.encode()
    if len(data) <= MAX_TOKEN_BYTES:
        return token
    return data[:MAX_TOKEN_BYTES].decode(errors="ignore")


def _han_tokens(run: str) -> list[str]:
    tokens = list(run)
    tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def index_tokens(text: str) -> list[str]:
    """Return the tokens of a text for the index (with repeats, in order)."""
    tokens: list[str] = []
    for match in _RUN.finditer(_fold(text or "")):
        kind, value = match.lastgroup, match.group()
        if kind == "han":
            tokens.extend(_han_tokens(value))
        elif kind == "digits":
            tokens.append(cut_token(value))
        else:
            tokens.append(cut_token(stem(value, kind)))
    return tokens


def query_tokens(query: str) -> list[str]:
    """Return the distinct tokens every match must contain, in query order.

    A Chinese run of one character needs that character; a longer run needs each of its
    bigrams (so a phrase matches where all its bigrams occur).
    """
    tokens: list[str] = []
    for match in _RUN.finditer(_fold((query or "")[:MAX_QUERY_CHARS])):
        kind, value = match.lastgroup, match.group()
        if kind == "han":
            parts = (
                [value] if len(value) == 1 else [value[i : i + 2] for i in range(len(value) - 1)]
            )
        elif kind == "digits":
            parts = [value]
        else:
            parts = [stem(value, kind)]
        for part in parts:
            if part and part not in tokens:
                tokens.append(part)
    return tokens[:MAX_QUERY_TOKENS]
