"""Our sanitized rich text (HTML of ``marketplace.text.ALLOWED_TAGS``) served as
Saleor serves descriptions: EditorJS JSON (``{"time", "blocks", "version"}``). Paragraphs,
headings (``h2``–``h4``), lists and quotes become blocks; inline markup (bold, italic,
links, line breaks) stays as EditorJS's inline HTML inside the block text. Plain text
(no tags) becomes one paragraph per line."""

from __future__ import annotations

import hashlib
from html import escape
from html.parser import HTMLParser
from typing import Any

VERSION = "2.24.3"
INLINE = {"strong", "b", "em", "i", "u", "a", "br"}
HEADERS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _block_id(index: int, kind: str, data: dict[str, Any]) -> str:
    # stable ids (EditorJS ids are 10 characters), so equal content gives equal JSON
    return hashlib.sha1(f"{index}:{kind}:{data}".encode(), usedforsecurity=False).hexdigest()[:10]


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, dict[str, Any]]] = []
        self.kind: str | None = None  # paragraph | header | quote (open text block)
        self.level = 2
        self.text: list[str] = []
        self.list_style: str | None = None
        self.items: list[str] = []
        self.item: list[str] | None = None

    # -- helpers --------------------------------------------------------------------
    def _sink(self) -> list[str]:
        if self.item is not None:
            return self.item
        if self.kind is None:
            self.kind = "paragraph"
        return self.text

    def _close_text(self) -> None:
        text = "".join(self.text).strip()
        if self.kind and text:
            data: dict[str, Any] = {"text": text}
            if self.kind == "header":
                data["level"] = self.level
            if self.kind == "quote":
                data["caption"] = ""
                data["alignment"] = "left"
            self.blocks.append((self.kind, data))
        self.kind, self.text = None, []

    def _close_list(self) -> None:
        if self.item is not None:
            self.items.append("".join(self.item).strip())
            self.item = None
        if self.list_style and self.items:
            self.blocks.append(
                ("list", {"style": self.list_style, "items": [i for i in self.items if i]})
            )
        self.list_style, self.items = None, []

    # -- parser callbacks -----------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "blockquote") or tag in HEADERS:
            if self.list_style:
                self._close_list()
            self._close_text()
            self.kind = "paragraph" if tag == "p" else "quote" if tag == "blockquote" else "header"
            self.level = HEADERS.get(tag, 2)
        elif tag in ("ul", "ol"):
            self._close_text()
            self._close_list()
            self.list_style = "ordered" if tag == "ol" else "unordered"
        elif tag == "li":
            if self.list_style is None:
                self._close_text()
                self.list_style = "unordered"
            if self.item is not None:
                self.items.append("".join(self.item).strip())
            self.item = []
        elif tag in INLINE:
            if tag == "br":
                self._sink().append("<br>")
                return
            attributes = ""
            if tag == "a":
                attributes = "".join(
                    f' {k}="{escape(v or "")}"' for k, v in attrs if k in ("href", "title")
                )
            self._sink().append(f"<{tag}{attributes}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "blockquote") or tag in HEADERS:
            self._close_text()
        elif tag in ("ul", "ol"):
            self._close_list()
        elif tag == "li":
            if self.item is not None:
                self.items.append("".join(self.item).strip())
                self.item = None
        elif tag in INLINE and tag != "br":
            self._sink().append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.item is None and self.kind is None and not data.strip():
            return
        self._sink().append(escape(data, quote=False))

    def finish(self) -> list[tuple[str, dict[str, Any]]]:
        self.close()
        self._close_list()
        self._close_text()
        return self.blocks


def html_to_editorjs(html: str | None) -> dict[str, Any] | None:
    """EditorJS JSON for ``html`` (None for empty text, as Saleor returns for no description)."""
    if not html or not html.strip():
        return None
    if "<" not in html:
        blocks = [
            ("paragraph", {"text": escape(line.strip(), quote=False)})
            for line in html.splitlines()
            if line.strip()
        ]
    else:
        parser = _Blocks()
        parser.feed(html)
        blocks = parser.finish()
    return {
        "time": 0,
        "blocks": [
            {"id": _block_id(i, kind, data), "type": kind, "data": data}
            for i, (kind, data) in enumerate(blocks)
        ],
        "version": VERSION,
    }


def html_to_text(html: str | None) -> str:
    """Plain text of ``html`` (for SEO descriptions and ``String`` fields)."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "li", "blockquote") or tag in HEADERS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
