"""Vietnamese text folding shared by both search backends.

The Elasticsearch build used in tests (integ-test zip) ships no ``asciifolding`` filter,
and SQLite has no unaccent, so folding happens here: each searchable field is indexed
twice, as written and folded; queries are folded the same way."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def fold(text: str | None) -> str:
    """'Nước mắm Đồng Hới' -> 'nuoc mam dong hoi' (lowercase, no diacritics, đ -> d)."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def normalize(text: str | None) -> str:
    """Lowercase NFC text with punctuation turned into spaces (keeps diacritics)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def tokens(text: str | None) -> list[str]:
    return [t for t in _SPACES.split(_NON_WORD.sub(" ", fold(text))) if t]
