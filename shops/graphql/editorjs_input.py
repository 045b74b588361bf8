"""Saleor's rich text input (EditorJS JSON) turned into our HTML. Blocks become
paragraphs, headings (``h2``–``h4``), lists and quotes; the block text is EditorJS's
inline HTML, which the catalogue service sanitizes (``sanitize_html``) before saving."""

from __future__ import annotations

import html
import json
from typing import Any

from django.core.exceptions import ValidationError

INVALID = 'Mô tả phải là JSON EditorJS ({"blocks": [...]}). / Description must be EditorJS JSON.'


def _items(items: Any) -> str:
    """List items of EditorJS's list (strings) or nested list (``{content, items}``)."""
    parts = []
    for item in items or []:
        if isinstance(item, dict):
            inner = _items(item.get("items"))
            parts.append(
                f"<li>{item.get('content') or ''}{f'<ul>{inner}</ul>' if inner else ''}</li>"
            )
        else:
            parts.append(f"<li>{item}</li>")
    return "".join(parts)


def _block(block: Any) -> str:
    if not isinstance(block, dict):
        raise ValidationError(INVALID, code="invalid")
    kind, data = block.get("type"), block.get("data") or {}
    if not isinstance(data, dict):
        raise ValidationError(INVALID, code="invalid")
    text = str(data.get("text") or "")
    if kind == "header":
        try:
            level = min(max(int(data.get("level") or 2), 2), 4)
        except (TypeError, ValueError):
            level = 2
        return f"<h{level}>{text}</h{level}>"
    if kind == "list":
        tag = "ol" if data.get("style") == "ordered" else "ul"
        return f"<{tag}>{_items(data.get('items'))}</{tag}>"
    if kind == "quote":
        return f"<blockquote>{text}</blockquote>"
    if kind == "delimiter":
        return ""
    return f"<p>{text}</p>" if text else ""


def editorjs_to_html(value: Any) -> str:
    """HTML for an EditorJS document (a dict, or its JSON text); ``""`` for null or no
    blocks. A bare string is taken as plain text. Raises ``ValidationError`` (code
    ``invalid``) for anything else."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return f"<p>{html.escape(value)}</p>"
        if isinstance(value, str):
            return f"<p>{html.escape(value)}</p>"
    if not isinstance(value, dict) or not isinstance(value.get("blocks", []), list):
        raise ValidationError(INVALID, code="invalid")
    return "".join(_block(block) for block in value.get("blocks", []))
