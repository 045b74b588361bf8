"""Text analysis as Elasticsearch's standard analyzer does it: the tokens stored in the
index rows and compared by the queries, and the edit distance of the fuzzy clause."""

from __future__ import annotations

import re
import unicodedata

from ...text import fold

# Elasticsearch field limits we mirror.
MAX_TOKEN_LENGTH = 255  # standard tokenizer
SUGGEST_INPUT_LENGTH = 50  # completion field max_input_length

# A word is a run of letters/digits/underscores; like Unicode word segmentation (UAX #29,
# the standard tokenizer) ".", "'", "’", ":" and "·" join letters and ".", ",", ";", "'"
# join digits: "1.5kg", "don't", "1,000" stay one token, "a.1" and "x,y" do not.
_TOKEN = re.compile(r"\w+(?:(?:(?<=[^\W\d_])[.'’:·](?=[^\W\d_])|(?<=\d)[.,;'’](?=\d))\w+)*")


def analyze(text: str | None) -> list[str]:
    """The tokens Elasticsearch's standard analyzer makes of ``text``: lowercase, cut on
    word boundaries, punctuation-only and underscore-only runs dropped, tokens longer
    than 255 characters split."""
    if not text:
        return []
    tokens: list[str] = []
    for token in _TOKEN.findall(unicodedata.normalize("NFC", text).lower()):
        if not token.strip("_"):
            continue
        if len(token) > MAX_TOKEN_LENGTH:
            tokens.extend(
                token[i : i + MAX_TOKEN_LENGTH] for i in range(0, len(token), MAX_TOKEN_LENGTH)
            )
        else:
            tokens.append(token)
    return tokens


def stored_terms(tokens: list[str]) -> str:
    """The stored form of an analysed field: ``" tok1 tok2 "``."""
    return f" {' '.join(tokens)} "


def max_edits(token: str) -> int:
    """Fuzziness AUTO:4,8 — 0 edits under 4 characters, 1 under 8, else 2."""
    return 0 if len(token) < 4 else 1 if len(token) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transposition, what
    Lucene's fuzzy query counts), or ``limit + 1`` once it is certainly above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def prefix_key(text: str | None) -> str:
    """A completion input as the suggester compares it: folded, cut to 50 characters,
    analysed, tokens joined by one space."""
    return " ".join(analyze(fold(text)[:SUGGEST_INPUT_LENGTH]))[:60]
