"""IPTC ninjs (1.x, 2.x and 3.x field names) as one object, an array or JSON Lines."""

from __future__ import annotations

import json
from typing import Any

from publisher.errors import MalformedItem
from publisher.ingest.assemble import Draft, apply_conventions, conventions_for, finish
from publisher.ingest.dates import parse_datetime
from publisher.ingest.htmltext import html_to_paragraphs
from publisher.ingest.model import ItemFailure, ParsedDispatch, normalize_text, read_item
from publisher.ingest.wire import join_wrapped

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NON_TEXT_TYPES = frozenset({"picture", "video", "audio", "graphic", "composite"})
# A ninjs item nests a few levels (bodies, subjects, renditions); deeper is not news.
MAX_DEPTH = 32
# What json.loads raises on hostile text besides JSONDecodeError: nesting deeper than the
# interpreter's recursion limit, and integers longer than Python converts (ValueError).
JSON_ERRORS = (ValueError, RecursionError)


def _lower_keys(value: Any, source_name: str, depth: int = 0) -> Any:
    # ninjs 3 renamed fields to camelCase (firstCreated); lower-casing reads every version alike.
    if depth > MAX_DEPTH:
        raise MalformedItem(f"JSON nested more than {MAX_DEPTH} levels deep", source_name)
    if isinstance(value, dict):
        return {
            str(key).casefold(): _lower_keys(item, source_name, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_lower_keys(item, source_name, depth + 1) for item in value]
    return value


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _pick(entries: Any, preferred_roles: tuple[str, ...] = ("main", "")) -> dict[str, Any] | None:
    if not isinstance(entries, list):
        return None
    usable = [e for e in entries if isinstance(e, dict) and _string(e.get("value"))]
    for role in preferred_roles:
        for entry in usable:
            if str(entry.get("role") or "").casefold() == role:
                return entry
    return usable[0] if usable else None


def _headline(item: dict[str, Any]) -> str | None:
    chosen = _pick(item.get("headlines"))
    if chosen:
        return _string(chosen["value"])
    return _string(item.get("headline")) or _string(item.get("title"))


def _text_paragraphs(text: str, html: bool) -> list[str]:
    if html:
        return html_to_paragraphs(text)
    return join_wrapped([normalize_text(line) for line in text.splitlines()])


def _body(item: dict[str, Any]) -> list[str]:
    chosen = _pick(item.get("bodies"))
    if chosen:
        kind = str(chosen.get("contenttype") or "").casefold()
        value = str(chosen["value"])
        return _text_paragraphs(value, kind in _HTML_TYPES or (not kind and "<" in value))
    if _string(item.get("body_text")):
        return _text_paragraphs(str(item["body_text"]), html=False)
    if _string(item.get("body_html")):
        return _text_paragraphs(str(item["body_html"]), html=True)
    return []


def _names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    names: list[str] = []
    for entry in value:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            name = _string(entry.get("name")) or _string(entry.get("code"))
            if name:
                names.append(name)
    return names


def _agency(item: dict[str, Any]) -> str | None:
    sources = _names(item.get("infosources"))
    return sources[0] if sources else _string(item.get("copyrightholder"))


def parse_ninjs_object(raw: Any, source_name: str) -> ParsedDispatch:
    """One ninjs object as a dispatch; raises MalformedItem when it lacks a headline or text."""
    if not isinstance(raw, dict):
        raise MalformedItem(f"expected a JSON object, found {type(raw).__name__}", source_name)
    item = _lower_keys(raw, source_name)
    headline = _headline(item)
    if not headline:
        raise MalformedItem("ninjs item has no headline", source_name)
    paragraphs = _body(item)
    if not paragraphs:
        kind = _string(item.get("type"))
        extra = f" (it is of type {kind!r})" if kind in _NON_TEXT_TYPES else ""
        raise MalformedItem(f"ninjs item has no body text{extra}", source_name)
    firstcreated = parse_datetime(item.get("firstcreated") or item.get("contentcreated"))
    versioncreated = parse_datetime(item.get("versioncreated"))
    draft = Draft(
        headline=headline,
        paragraphs=paragraphs,
        agency=_agency(item),
        byline=_string(item.get("by")) or _string(item.get("byline")),
        dateline=_string(item.get("located")),
        published=firstcreated or versioncreated,
        updated=versioncreated,
        language=_string(item.get("language")),
        guid=_string(item.get("uri")) or _string(item.get("guid")),
        url=_string(item.get("url")) or _string(item.get("link")),
        topics=_names(item.get("subjects"))
        + _names(item.get("subject"))
        + _names(item.get("keywords")),
    )
    apply_conventions(draft, conventions_for("\n".join(paragraphs), draft.agency))
    return finish(draft, "ninjs", source_name)


def _json_error(error: ValueError | RecursionError, line: int | None) -> str:
    where = f" on line {line}" if line is not None else ""
    if isinstance(error, json.JSONDecodeError):
        if line is not None:
            return f"not valid JSON{where}: column {error.colno} ({error.msg})"
        return f"not valid JSON: line {error.lineno} column {error.colno} ({error.msg})"
    if isinstance(error, RecursionError):
        return f"not readable JSON{where}: nested too deeply"
    # the one other ValueError: an integer longer than Python converts (4300 digits)
    return f"not readable JSON{where}: a number has too many digits"


def load_json(text: str, source_name: str, line: int | None = None) -> Any:
    """``json.loads``; raises MalformedItem, never anything else, for text that is no JSON
    (``line``: the number of a JSON Lines line, for the reason)."""
    try:
        return json.loads(text)
    except JSON_ERRORS as error:
        raise MalformedItem(_json_error(error, line), source_name) from error


def _collect(raw: Any, name: str, items: list[ParsedDispatch | ItemFailure]) -> None:
    items.append(read_item(lambda: parse_ninjs_object(raw, name), name))


def parse_json(text: str, source_name: str) -> list[ParsedDispatch | ItemFailure]:
    """A ninjs object or an array of them; raises MalformedItem for invalid JSON."""
    data = load_json(text, source_name)
    items: list[ParsedDispatch | ItemFailure] = []
    if isinstance(data, list):
        if not data:
            raise MalformedItem("the JSON array is empty", source_name)
        for number, raw in enumerate(data, start=1):
            _collect(raw, f"{source_name}#item-{number}", items)
    else:
        _collect(data, source_name, items)
    return items


def parse_json_lines(text: str, source_name: str) -> list[ParsedDispatch | ItemFailure]:
    """JSON Lines of ninjs objects: a bad line is a failure naming its number, the rest go on."""
    items: list[ParsedDispatch | ItemFailure] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{source_name}#line-{number}"
        try:
            raw = load_json(line, name, number)
        except MalformedItem as error:
            items.append(ItemFailure(name, error.reason))
            continue
        _collect(raw, name, items)
    return items


def looks_like_json_lines(text: str) -> bool:
    """Several lines, the first of them a complete JSON object on its own."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except JSON_ERRORS:
        return False
